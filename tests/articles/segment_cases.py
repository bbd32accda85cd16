"""News-style sentence boundary cases, written by us for this project.

Each entry is (paragraph_text, expected_sentences). Expected sentences are
exact substrings of the paragraph (after stripping surrounding whitespace),
in order, as a careful news editor would split them.
"""

CASES = [
    # --- abbreviations -------------------------------------------------
    (
        "The U.S. economy added 210,000 jobs in March. Analysts had expected fewer.",
        ["The U.S. economy added 210,000 jobs in March.", "Analysts had expected fewer."],
    ),
    (
        "Officials in the U.K. declined to comment on the report. A spokesman for the Treasury said a statement would follow.",
        [
            "Officials in the U.K. declined to comment on the report.",
            "A spokesman for the Treasury said a statement would follow.",
        ],
    ),
    (
        "The company has moved most of its staff to the U.S. It kept a small office in Dublin.",
        [
            "The company has moved most of its staff to the U.S.",
            "It kept a small office in Dublin.",
        ],
    ),
    (
        "Dr. Amina Patel, who led the trial, said the results were encouraging. Mr. Hughes disagreed.",
        [
            "Dr. Amina Patel, who led the trial, said the results were encouraging.",
            "Mr. Hughes disagreed.",
        ],
    ),
    (
        "Mrs. Okafor and Ms. Lindqvist both testified on Tuesday. Neither was cross-examined.",
        ["Mrs. Okafor and Ms. Lindqvist both testified on Tuesday.", "Neither was cross-examined."],
    ),
    (
        "Sen. Maria Delgado, a Democrat from New Mexico, introduced the bill. Gov. Tom Brennan has promised to sign it.",
        [
            "Sen. Maria Delgado, a Democrat from New Mexico, introduced the bill.",
            "Gov. Tom Brennan has promised to sign it.",
        ],
    ),
    (
        "Gen. Harold Vance retired in 2019 after 38 years in the Army. He now teaches at a college in St. Louis.",
        [
            "Gen. Harold Vance retired in 2019 after 38 years in the Army.",
            "He now teaches at a college in St. Louis.",
        ],
    ),
    (
        "The march began at 9 a.m. and ended near the courthouse at 4:30 p.m. on Saturday. Police reported no arrests.",
        [
            "The march began at 9 a.m. and ended near the courthouse at 4:30 p.m. on Saturday.",
            "Police reported no arrests.",
        ],
    ),
    (
        "The polls close at 8 p.m. Results are expected shortly after midnight.",
        ["The polls close at 8 p.m.", "Results are expected shortly after midnight."],
    ),
    (
        "The law took effect on Jan. 1 and was amended on Feb. 14. A further review is scheduled for Sept. 30.",
        [
            "The law took effect on Jan. 1 and was amended on Feb. 14.",
            "A further review is scheduled for Sept. 30.",
        ],
    ),
    (
        "The No. 4 seed was knocked out in the first round. It was the earliest exit for a top-four team since 2011.",
        [
            "The No. 4 seed was knocked out in the first round.",
            "It was the earliest exit for a top-four team since 2011.",
        ],
    ),
    (
        "Acme Inc. and Globex Corp. announced the merger on Monday. Shares of Initech Ltd. fell on the news.",
        [
            "Acme Inc. and Globex Corp. announced the merger on Monday.",
            "Shares of Initech Ltd. fell on the news.",
        ],
    ),
    (
        "The deal was signed by Northwind Holdings Ltd. Financial terms were not disclosed.",
        ["The deal was signed by Northwind Holdings Ltd.", "Financial terms were not disclosed."],
    ),
    (
        "She moved to Washington, D.C., in 2015 to work for a think tank. Two years later she joined the campaign.",
        [
            "She moved to Washington, D.C., in 2015 to work for a think tank.",
            "Two years later she joined the campaign.",
        ],
    ),
    (
        "Some cities, e.g. Denver and Austin, have already changed their zoning rules. Others, i.e. most of the Midwest, have not.",
        [
            "Some cities, e.g. Denver and Austin, have already changed their zoning rules.",
            "Others, i.e. most of the Midwest, have not.",
        ],
    ),
    (
        "The case, Smith vs. Department of Labor, reached the appeals court last year. A ruling is expected in June.",
        [
            "The case, Smith vs. Department of Labor, reached the appeals court last year.",
            "A ruling is expected in June.",
        ],
    ),
    (
        "Martin Luther King Jr. delivered the speech in 1963. Robert Griffin Jr. was later named to the board.",
        [
            "Martin Luther King Jr. delivered the speech in 1963.",
            "Robert Griffin Jr. was later named to the board.",
        ],
    ),
    (
        "The author J. K. Rowling donated the proceeds to charity. Her publisher matched the gift.",
        [
            "The author J. K. Rowling donated the proceeds to charity.",
            "Her publisher matched the gift.",
        ],
    ),
    (
        "The memo was signed by George W. Bush's chief of staff. It was dated two weeks before the invasion.",
        [
            "The memo was signed by George W. Bush's chief of staff.",
            "It was dated two weeks before the invasion.",
        ],
    ),
    # --- numbers, decimals, percentages -----------------------------------
    (
        "Inflation rose 3.5% in the year to August. The central bank had forecast 3.1%.",
        ["Inflation rose 3.5% in the year to August.", "The central bank had forecast 3.1%."],
    ),
    (
        "The company reported revenue of $4.2 billion, up from $3.9 billion a year earlier. Profit fell 0.7 points to 11.2%.",
        [
            "The company reported revenue of $4.2 billion, up from $3.9 billion a year earlier.",
            "Profit fell 0.7 points to 11.2%.",
        ],
    ),
    (
        "2023 was the hottest year on record. 1998 had held the title for more than a decade.",
        ["2023 was the hottest year on record.", "1998 had held the title for more than a decade."],
    ),
    (
        "The index closed at 4,512.38. Bond yields were little changed.",
        ["The index closed at 4,512.38.", "Bond yields were little changed."],
    ),
    # --- quotations ---------------------------------------------------------
    (
        '"We are not going anywhere," she said. "This is our home."',
        ['"We are not going anywhere," she said.', '"This is our home."'],
    ),
    (
        "“It failed.” Then the board voted to replace him.",
        ["“It failed.”", "Then the board voted to replace him."],
    ),
    (
        "“We will not back down. The vote is final,” he said.",
        ["“We will not back down.", "The vote is final,” he said."],
    ),
    (
        "The minister said the plan “was never viable.” Opposition leaders called for her resignation.",
        [
            "The minister said the plan “was never viable.”",
            "Opposition leaders called for her resignation.",
        ],
    ),
    (
        'He told reporters the talks were "going nowhere." The White House did not respond.',
        ['He told reporters the talks were "going nowhere."', "The White House did not respond."],
    ),
    (
        "“Why would anyone buy this?” asked one analyst. Another called the product “a bold bet.”",
        [
            "“Why would anyone buy this?” asked one analyst.",
            "Another called the product “a bold bet.”",
        ],
    ),
    (
        "“Get out now!” the officer shouted. Residents fled down the stairs.",
        ["“Get out now!” the officer shouted.", "Residents fled down the stairs."],
    ),
    (
        "‘It is a disgrace,’ the mayor said. ‘We expected better.’",
        ["‘It is a disgrace,’ the mayor said.", "‘We expected better.’"],
    ),
    # --- ellipses ------------------------------------------------------------
    (
        "The letter read, “We regret ... the delay in payment,” and was unsigned. Investigators are still looking for its author.",
        [
            "The letter read, “We regret ... the delay in payment,” and was unsigned.",
            "Investigators are still looking for its author.",
        ],
    ),
    (
        "Sales were flat… until the holiday season arrived. Then they doubled.",
        ["Sales were flat… until the holiday season arrived.", "Then they doubled."],
    ),
    (
        "He paused and said he would think about it... The decision came a week later.",
        ["He paused and said he would think about it...", "The decision came a week later."],
    ),
    # --- dashes -----------------------------------------------------------------
    (
        "The rescue — which took nearly 14 hours — was called off at dawn. Divers will return on Friday.",
        [
            "The rescue — which took nearly 14 hours — was called off at dawn.",
            "Divers will return on Friday.",
        ],
    ),
    (
        "The 2019–2021 survey covered 40 countries. Results for Brazil were delayed.",
        ["The 2019–2021 survey covered 40 countries.", "Results for Brazil were delayed."],
    ),
    # --- questions / exclamations ---------------------------------------------
    (
        "Will the Fed cut rates in June? Most economists say no. Some say it is possible!",
        ["Will the Fed cut rates in June?", "Most economists say no.", "Some say it is possible!"],
    ),
    (
        "What happens next? Nobody in the building seemed to know.",
        ["What happens next?", "Nobody in the building seemed to know."],
    ),
    # --- lists ------------------------------------------------------------------
    (
        "The plan has three parts. 1. Raise the minimum wage. 2. Expand child care. 3. Cut fees for small businesses.",
        [
            "The plan has three parts.",
            "1. Raise the minimum wage.",
            "2. Expand child care.",
            "3. Cut fees for small businesses.",
        ],
    ),
    # --- URLs / e-mails -------------------------------------------------------
    (
        "Readers can find the full report at www.example.gov/reports/2024.pdf. Comments may be sent to tips@newsdesk.example.com.",
        [
            "Readers can find the full report at www.example.gov/reports/2024.pdf.",
            "Comments may be sent to tips@newsdesk.example.com.",
        ],
    ),
    (
        "The data, published on https://data.example.org/v2/index.html, covers 2010 to 2022. It was last updated in May.",
        [
            "The data, published on https://data.example.org/v2/index.html, covers 2010 to 2022.",
            "It was last updated in May.",
        ],
    ),
    # --- parentheses --------------------------------------------------------------
    (
        "The agency missed its deadline. (It had already received two extensions.) Officials blamed staffing shortages.",
        [
            "The agency missed its deadline.",
            "(It had already received two extensions.)",
            "Officials blamed staffing shortages.",
        ],
    ),
    (
        "The senator (who declined to be named in the report) voted against the measure. It passed anyway.",
        [
            "The senator (who declined to be named in the report) voted against the measure.",
            "It passed anyway.",
        ],
    ),
    (
        "The firm's chief executive (pictured, left) resigned. A successor has not been named.",
        [
            "The firm's chief executive (pictured, left) resigned.",
            "A successor has not been named.",
        ],
    ),
    # --- single sentences that must NOT split ----------------------------------------
    (
        "Dr. Chen arrived at St. Mary's Hospital at 6:15 a.m. on Sept. 3 with Mr. and Mrs. Alvarez.",
        [
            "Dr. Chen arrived at St. Mary's Hospital at 6:15 a.m. on Sept. 3 with Mr. and Mrs. Alvarez."
        ],
    ),
    (
        "The U.S. Supreme Court heard arguments in the case on Oct. 2.",
        ["The U.S. Supreme Court heard arguments in the case on Oct. 2."],
    ),
    (
        "Version 2.0 of the app was released on Tuesday.",
        ["Version 2.0 of the app was released on Tuesday."],
    ),
    (
        "The mayor said: “The budget is balanced. Taxes will not rise. Services will improve.” Critics were unconvinced.",
        [
            "The mayor said: “The budget is balanced.",
            "Taxes will not rise.",
            "Services will improve.”",
            "Critics were unconvinced.",
        ],
    ),
    (
        '"The budget is balanced. Taxes will not rise," she said. "Services will improve. That is my promise."',
        [
            '"The budget is balanced.',
            'Taxes will not rise," she said.',
            '"Services will improve.',
            'That is my promise."',
        ],
    ),
    (
        "“Mr. Lopez knew about the payments. He signed every one of them,” the prosecutor told jurors.",
        [
            "“Mr. Lopez knew about the payments.",
            "He signed every one of them,” the prosecutor told jurors.",
        ],
    ),
    (
        "“We will fight for every vote. We will win this district. Nobody should doubt that.",
        [
            "“We will fight for every vote.",
            "We will win this district.",
            "Nobody should doubt that.",
        ],
    ),
    # --- misc -----------------------------------------------------------------------
    (
        "The vote was 52-48. Two Republicans crossed party lines.",
        ["The vote was 52-48.", "Two Republicans crossed party lines."],
    ),
    (
        "WASHINGTON — The House passed the spending bill late Thursday. The Senate is expected to take it up next week.",
        [
            "WASHINGTON — The House passed the spending bill late Thursday.",
            "The Senate is expected to take it up next week.",
        ],
    ),
    (
        "The film grossed $1.1bn worldwide. Its sequel, due in 2026, is already in production.",
        [
            "The film grossed $1.1bn worldwide.",
            "Its sequel, due in 2026, is already in production.",
        ],
    ),
    (
        "Prof. Ellen Marsh of Harvard Univ. said the findings were preliminary. She urged caution.",
        [
            "Prof. Ellen Marsh of Harvard Univ. said the findings were preliminary.",
            "She urged caution.",
        ],
    ),
    (
        "The hearing is set for 10:30 a.m. Monday in Room 2141. It is open to the public.",
        ["The hearing is set for 10:30 a.m. Monday in Room 2141.", "It is open to the public."],
    ),
]

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
    # --- titles and honorifics ------------------------------------------------------
    (
        "Rev. Thomas Ellery led the service. Hundreds of mourners lined the street outside.",
        ["Rev. Thomas Ellery led the service.", "Hundreds of mourners lined the street outside."],
    ),
    (
        "Lt. Gov. Dana Whitfield cast the deciding vote. Capt. Luis Romero testified for the Navy.",
        [
            "Lt. Gov. Dana Whitfield cast the deciding vote.",
            "Capt. Luis Romero testified for the Navy.",
        ],
    ),
    (
        "Rep. Janet Oduya and Sen. Paul Hart sponsored the amendment. Both face re-election in November.",
        [
            "Rep. Janet Oduya and Sen. Paul Hart sponsored the amendment.",
            "Both face re-election in November.",
        ],
    ),
    (
        "Sgt. Ray Molina said officers arrived within minutes. Col. Anne Brandt ordered an inquiry.",
        [
            "Sgt. Ray Molina said officers arrived within minutes.",
            "Col. Anne Brandt ordered an inquiry.",
        ],
    ),
    (
        "Adm. Keiko Tanaka will take command in March. She replaces Adm. Victor Hale.",
        ["Adm. Keiko Tanaka will take command in March.", "She replaces Adm. Victor Hale."],
    ),
    (
        "The hospital named Dr. Priya Raman chief of surgery. Her appointment takes effect Monday.",
        [
            "The hospital named Dr. Priya Raman chief of surgery.",
            "Her appointment takes effect Monday.",
        ],
    ),
    (
        "“Ms. Carter was never told,” her lawyer said. The company disputes that account.",
        ["“Ms. Carter was never told,” her lawyer said.", "The company disputes that account."],
    ),
    (
        "Mr. and Mrs. Delgado sold the farm in 2019. They now live near Tucson.",
        ["Mr. and Mrs. Delgado sold the farm in 2019.", "They now live near Tucson."],
    ),
    (
        "Prof. Helen Ayers and Dr. Omar Shah wrote the report. It runs to 300 pages.",
        ["Prof. Helen Ayers and Dr. Omar Shah wrote the report.", "It runs to 300 pages."],
    ),
    (
        "The nominee, Gen. Marcus Reed, told senators he would resign if asked.",
        ["The nominee, Gen. Marcus Reed, told senators he would resign if asked."],
    ),
    # --- initials -------------------------------------------------------------------
    (
        "The essay by E. B. White was reprinted last year. Critics praised its clarity.",
        ["The essay by E. B. White was reprinted last year.", "Critics praised its clarity."],
    ),
    (
        "Franklin D. Roosevelt signed the act in 1935. It created the Social Security system.",
        [
            "Franklin D. Roosevelt signed the act in 1935.",
            "It created the Social Security system.",
        ],
    ),
    (
        "The bank was founded by J.P. Morgan. Its headquarters are in New York.",
        ["The bank was founded by J.P. Morgan.", "Its headquarters are in New York."],
    ),
    (
        "Judge Karen L. Whitmore denied the motion on Friday.",
        ["Judge Karen L. Whitmore denied the motion on Friday."],
    ),
    # --- company names ---------------------------------------------------------------
    (
        "Shares of Halvorsen Corp. fell 6% on Wednesday. The company cut its outlook.",
        ["Shares of Halvorsen Corp. fell 6% on Wednesday.", "The company cut its outlook."],
    ),
    (
        "The contract was awarded to Pierce & Co. The firm has built three bridges in the state.",
        [
            "The contract was awarded to Pierce & Co.",
            "The firm has built three bridges in the state.",
        ],
    ),
    (
        "Talks with Marlow Foods plc collapsed last week. A new bidder has emerged.",
        ["Talks with Marlow Foods plc collapsed last week.", "A new bidder has emerged."],
    ),
    (
        "The lawsuit names Crestline Partners LLC. Its lawyers did not respond to requests for comment.",
        [
            "The lawsuit names Crestline Partners LLC.",
            "Its lawyers did not respond to requests for comment.",
        ],
    ),
    (
        "Brightwater Inc. The name appears on every invoice in the file.",
        ["Brightwater Inc.", "The name appears on every invoice in the file."],
    ),
    (
        "Orion Ltd. said on Thursday that it would close two plants.",
        ["Orion Ltd. said on Thursday that it would close two plants."],
    ),
    (
        "The studio was founded by the Warner Bros. in 1923. It still bears their name.",
        ["The studio was founded by the Warner Bros. in 1923.", "It still bears their name."],
    ),
    (
        "Amazon.com Inc. reported higher sales on Thursday. Its shares rose after hours.",
        ["Amazon.com Inc. reported higher sales on Thursday.", "Its shares rose after hours."],
    ),
    (
        "The fund sold its stake in Tessaro Holdings Corp. It had held the shares since 2016.",
        [
            "The fund sold its stake in Tessaro Holdings Corp.",
            "It had held the shares since 2016.",
        ],
    ),
    # --- places ----------------------------------------------------------------------
    (
        "The resolution now goes to the U.N. The vote is expected next week.",
        ["The resolution now goes to the U.N.", "The vote is expected next week."],
    ),
    (
        "U.K. inflation slowed in June. The pound fell against the dollar.",
        ["U.K. inflation slowed in June.", "The pound fell against the dollar."],
    ),
    (
        "The march ended in Washington, D.C. It drew about 50,000 people.",
        ["The march ended in Washington, D.C.", "It drew about 50,000 people."],
    ),
    (
        "She grew up in Pasadena, Calif., and studied law in Boston.",
        ["She grew up in Pasadena, Calif., and studied law in Boston."],
    ),
    (
        "The team moved from St. Louis to Los Angeles in 2016. Fans in Missouri were furious.",
        [
            "The team moved from St. Louis to Los Angeles in 2016.",
            "Fans in Missouri were furious.",
        ],
    ),
    (
        "The bakery on Elm St. closed in March. A bank branch will replace it.",
        ["The bakery on Elm St. closed in March.", "A bank branch will replace it."],
    ),
    (
        "U.S.-China talks resumed on Monday in Geneva. No agreement was expected.",
        ["U.S.-China talks resumed on Monday in Geneva.", "No agreement was expected."],
    ),
    (
        "Climbers reached the summit of Mt. Everest on Tuesday. Two turned back.",
        ["Climbers reached the summit of Mt. Everest on Tuesday.", "Two turned back."],
    ),
    (
        "The E.U. fined the company €2.4 billion. It plans to appeal.",
        ["The E.U. fined the company €2.4 billion.", "It plans to appeal."],
    ),
    (
        "Exports to the U.S. rose 4% in May, the ministry said.",
        ["Exports to the U.S. rose 4% in May, the ministry said."],
    ),
    # --- months, days and time --------------------------------------------------------
    (
        "The runoff is set for Dec. 6. Early voting begins Nov. 28.",
        ["The runoff is set for Dec. 6.", "Early voting begins Nov. 28."],
    ),
    (
        "On Aug. 14, 2003, a blackout hit much of the Northeast. Power returned two days later.",
        [
            "On Aug. 14, 2003, a blackout hit much of the Northeast.",
            "Power returned two days later.",
        ],
    ),
    (
        "The shop opens at 7 a.m. and closes at 9 p.m. every day.",
        ["The shop opens at 7 a.m. and closes at 9 p.m. every day."],
    ),
    (
        "The shooting happened shortly after 2 a.m. Witnesses described a gray sedan.",
        ["The shooting happened shortly after 2 a.m.", "Witnesses described a gray sedan."],
    ),
    (
        "The ceremony starts at 11 a.m. Sunday at the cathedral.",
        ["The ceremony starts at 11 a.m. Sunday at the cathedral."],
    ),
    (
        "Trading was halted at 3:42 p.m. EST. It resumed the next morning.",
        ["Trading was halted at 3:42 p.m. EST.", "It resumed the next morning."],
    ),
    (
        "The deadline was Jan. 31. Only half of the forms had been returned.",
        ["The deadline was Jan. 31.", "Only half of the forms had been returned."],
    ),
    (
        "The storm made landfall around midnight. By 6 a.m. more than 200,000 homes had lost power.",
        [
            "The storm made landfall around midnight.",
            "By 6 a.m. more than 200,000 homes had lost power.",
        ],
    ),
    # --- numbers, money, measures -----------------------------------------------------
    (
        "The state borrowed $1.25 billion at 4.75%. Ratings agencies kept its grade.",
        ["The state borrowed $1.25 billion at 4.75%.", "Ratings agencies kept its grade."],
    ),
    (
        "A pint now costs £6.40 in central London. Five years ago it cost £4.90.",
        ["A pint now costs £6.40 in central London.", "Five years ago it cost £4.90."],
    ),
    (
        "The quake measured 6.8. Aftershocks continued through the night.",
        ["The quake measured 6.8.", "Aftershocks continued through the night."],
    ),
    (
        "The final score was 3-1. Fans poured onto the field.",
        ["The final score was 3-1.", "Fans poured onto the field."],
    ),
    (
        "The tower was finished in 1931. It was the tallest building in the world for 40 years.",
        [
            "The tower was finished in 1931.",
            "It was the tallest building in the world for 40 years.",
        ],
    ),
    (
        "Unemployment fell to 3.9% from 4.1%, the lowest since 2019.",
        ["Unemployment fell to 3.9% from 4.1%, the lowest since 2019."],
    ),
    (
        "The bill passed 218 to 214. Four members did not vote.",
        ["The bill passed 218 to 214.", "Four members did not vote."],
    ),
    (
        "Turnout was low. 38% of registered voters cast a ballot.",
        ["Turnout was low.", "38% of registered voters cast a ballot."],
    ),
    (
        "The No. 2 official at the agency resigned. Nos. 3 and 4 are expected to follow.",
        [
            "The No. 2 official at the agency resigned.",
            "Nos. 3 and 4 are expected to follow.",
        ],
    ),
    (
        "Prices rose 0.3 percentage points in October, to 2.7%.",
        ["Prices rose 0.3 percentage points in October, to 2.7%."],
    ),
    (
        "The 21st-century economy runs on data. The 20th ran on oil.",
        ["The 21st-century economy runs on data.", "The 20th ran on oil."],
    ),
    (
        "The company earned $2.10 a share. Analysts had expected $1.95.",
        ["The company earned $2.10 a share.", "Analysts had expected $1.95."],
    ),
    (
        "The meteorite weighed 4.5 kg. It was found by a farmer in 1998.",
        ["The meteorite weighed 4.5 kg.", "It was found by a farmer in 1998."],
    ),
    (
        "The vote was 7 to 2, with Justice Alito dissenting.",
        ["The vote was 7 to 2, with Justice Alito dissenting."],
    ),
    # --- other abbreviations -----------------------------------------------------------
    (
        "The store sells bread, milk, eggs, etc. Prices rose sharply last month.",
        ["The store sells bread, milk, eggs, etc.", "Prices rose sharply last month."],
    ),
    (
        "She earned a Ph.D. in chemistry from Stanford. She later taught at Yale.",
        ["She earned a Ph.D. in chemistry from Stanford.", "She later taught at Yale."],
    ),
    (
        "The study by Chen et al. was published in May. It followed 4,000 patients.",
        ["The study by Chen et al. was published in May.", "It followed 4,000 patients."],
    ),
    (
        "The fight was billed as Ortiz vs. Mendez. It lasted two rounds.",
        ["The fight was billed as Ortiz vs. Mendez.", "It lasted two rounds."],
    ),
    (
        "The estimate is approx. 12,000 jobs. Unions say the true figure is higher.",
        ["The estimate is approx. 12,000 jobs.", "Unions say the true figure is higher."],
    ),
    (
        "Sen. Rafael Ortiz (D-N.M.) voted against the bill. It passed 51 to 49.",
        ["Sen. Rafael Ortiz (D-N.M.) voted against the bill.", "It passed 51 to 49."],
    ),
    (
        "The bill, H.R. 2617, funds the government through September.",
        ["The bill, H.R. 2617, funds the government through September."],
    ),
    (
        "Martin Luther King Jr. Day falls on Monday. Schools will be closed.",
        ["Martin Luther King Jr. Day falls on Monday.", "Schools will be closed."],
    ),
    (
        "The Dept. of Energy released the data on Friday. It shows a drop in output.",
        [
            "The Dept. of Energy released the data on Friday.",
            "It shows a drop in output.",
        ],
    ),
    (
        "She sold the start-up to Yahoo! in 2005. It was her second company.",
        ["She sold the start-up to Yahoo! in 2005.", "It was her second company."],
    ),
    # --- quotations ------------------------------------------------------------------
    (
        "“Is this legal?” he asked. “Nobody in this room knows.”",
        ["“Is this legal?” he asked.", "“Nobody in this room knows.”"],
    ),
    (
        '"Where did the money go?" said Councilwoman Ruth Alvarez. "We deserve an answer."',
        [
            '"Where did the money go?" said Councilwoman Ruth Alvarez.',
            '"We deserve an answer."',
        ],
    ),
    (
        "“Stop the bus!” someone yelled. The driver braked hard.",
        ["“Stop the bus!” someone yelled.", "The driver braked hard."],
    ),
    (
        "“We have done nothing wrong,” the chairman said. “The audit will show that. We welcome it.”",
        [
            "“We have done nothing wrong,” the chairman said.",
            "“The audit will show that.",
            "We welcome it.”",
        ],
    ),
    (
        "She called the ruling “a disgrace.” Her lawyers plan to appeal.",
        ["She called the ruling “a disgrace.”", "Her lawyers plan to appeal."],
    ),
    (
        "‘I don't know,’ the witness said. ‘Ask the manager.’",
        ["‘I don't know,’ the witness said.", "‘Ask the manager.’"],
    ),
    (
        "He said the town was “dying.” “Nobody stays here after school,” he added.",
        ["He said the town was “dying.”", "“Nobody stays here after school,” he added."],
    ),
    (
        "“Did you know about the loans?” the prosecutor asked. “No,” Mr. Webb replied.",
        ["“Did you know about the loans?” the prosecutor asked.", "“No,” Mr. Webb replied."],
    ),
    (
        "The sign read “Closed for repairs.” It had been there since April.",
        ["The sign read “Closed for repairs.”", "It had been there since April."],
    ),
    (
        "As one resident put it: “The water is brown. The pipes are old. Nobody comes.”",
        [
            "As one resident put it: “The water is brown.",
            "The pipes are old.",
            "Nobody comes.”",
        ],
    ),
    (
        "“Why now?” is the question many voters are asking.",
        ["“Why now?” is the question many voters are asking."],
    ),
    (
        "The memo, titled “What Went Wrong?”, was shared with staff. It blamed the software.",
        [
            "The memo, titled “What Went Wrong?”, was shared with staff.",
            "It blamed the software.",
        ],
    ),
    # --- ellipses ----------------------------------------------------------------------
    (
        "Then the lights went out… Nobody moved for a full minute.",
        ["Then the lights went out…", "Nobody moved for a full minute."],
    ),
    (
        "The statement said the firm “regrets . . . any inconvenience.” Customers were not impressed.",
        [
            "The statement said the firm “regrets . . . any inconvenience.”",
            "Customers were not impressed.",
        ],
    ),
    (
        "The minister said the talks were ... complicated. Aides declined to elaborate.",
        ["The minister said the talks were ... complicated.", "Aides declined to elaborate."],
    ),
    (
        "“I thought we had more time...” she said, her voice trailing off.",
        ["“I thought we had more time...” she said, her voice trailing off."],
    ),
    # --- web addresses, e-mail, file names, versions -------------------------------------
    (
        "Details are posted at example.com. The site went live on Monday.",
        ["Details are posted at example.com.", "The site went live on Monday."],
    ),
    (
        "Tips can be sent to news@example.org. All messages are read.",
        ["Tips can be sent to news@example.org.", "All messages are read."],
    ),
    (
        "The leaked file, budget_final.xlsx, listed 40 projects. Half were never built.",
        ["The leaked file, budget_final.xlsx, listed 40 projects.", "Half were never built."],
    ),
    (
        "The report, published as report.pdf on the council's site, runs to 90 pages.",
        ["The report, published as report.pdf on the council's site, runs to 90 pages."],
    ),
    (
        "Version 4.2.1 fixes the flaw. Users are urged to update.",
        ["Version 4.2.1 fixes the flaw.", "Users are urged to update."],
    ),
    (
        "The app moved to v2.0 in March. Older phones are no longer supported.",
        ["The app moved to v2.0 in March.", "Older phones are no longer supported."],
    ),
    (
        "Booking.com said the outage lasted three hours. Refunds will be issued.",
        ["Booking.com said the outage lasted three hours.", "Refunds will be issued."],
    ),
    (
        "The video was first posted at https://video.example.net/watch?v=abc123. It has been viewed two million times.",
        [
            "The video was first posted at https://video.example.net/watch?v=abc123.",
            "It has been viewed two million times.",
        ],
    ),
    (
        "Developers wrote the tool in Node.js and deployed it on a Friday.",
        ["Developers wrote the tool in Node.js and deployed it on a Friday."],
    ),
    # --- lists -------------------------------------------------------------------------
    (
        "The audit found three problems: (1) missing receipts, (2) duplicate payments and (3) no approvals.",
        [
            "The audit found three problems: (1) missing receipts, (2) duplicate payments and (3) no approvals."
        ],
    ),
    (
        "Voters will decide two questions: a) whether to raise the sales tax and b) whether to fund a new stadium.",
        [
            "Voters will decide two questions: a) whether to raise the sales tax and b) whether to fund a new stadium."
        ],
    ),
    (
        "The union has two demands. First, a 5% raise. Second, shorter shifts.",
        ["The union has two demands.", "First, a 5% raise.", "Second, shorter shifts."],
    ),
    (
        "Key dates: 1. Filing opens in May. 2. Ballots are mailed in October.",
        ["Key dates:", "1. Filing opens in May.", "2. Ballots are mailed in October."],
    ),
    # --- parentheses and datelines -------------------------------------------------------
    (
        "LONDON (Reuters) — The Bank of England held rates on Thursday. Markets had expected a cut.",
        [
            "LONDON (Reuters) — The Bank of England held rates on Thursday.",
            "Markets had expected a cut.",
        ],
    ),
    (
        "The company denied any wrongdoing (a spokeswoman declined to elaborate). Its shares fell.",
        [
            "The company denied any wrongdoing (a spokeswoman declined to elaborate).",
            "Its shares fell.",
        ],
    ),
    (
        "The court's ruling (see the full text here) runs to 80 pages. Dissents take up half.",
        [
            "The court's ruling (see the full text here) runs to 80 pages.",
            "Dissents take up half.",
        ],
    ),
    (
        "The mayor's budget adds 40 officers. (The council must still approve it.) A vote is set for June.",
        [
            "The mayor's budget adds 40 officers.",
            "(The council must still approve it.)",
            "A vote is set for June.",
        ],
    ),
    # --- sentences that must stay whole ---------------------------------------------------
    (
        "Gov. Ellen Marsh of N.Y. met Sen. Tom Ruiz at 10 a.m. on Jan. 3 in St. Paul.",
        ["Gov. Ellen Marsh of N.Y. met Sen. Tom Ruiz at 10 a.m. on Jan. 3 in St. Paul."],
    ),
    (
        "The U.S. Court of Appeals for the D.C. Circuit heard the case on Feb. 12.",
        ["The U.S. Court of Appeals for the D.C. Circuit heard the case on Feb. 12."],
    ),
    (
        "Why the agency waited so long is unclear.",
        ["Why the agency waited so long is unclear."],
    ),
    (
        "The strike ended after 46 days; workers won a 6.5% raise.",
        ["The strike ended after 46 days; workers won a 6.5% raise."],
    ),
    (
        "Apple reported record sales on Thursday. iPhone revenue rose 8% from a year earlier.",
        ["Apple reported record sales on Thursday.", "iPhone revenue rose 8% from a year earlier."],
    ),
    (
        "BREAKING: The governor has resigned. More to follow.",
        ["BREAKING: The governor has resigned.", "More to follow."],
    ),
    (
        "Is the economy in recession? Not yet, economists say. But the risks are rising!",
        ["Is the economy in recession?", "Not yet, economists say.", "But the risks are rising!"],
    ),
]

"""Sentence boundary cases in languages other than English, written by us for this project.

``CASES[language]`` is a list of (paragraph_text, expected_sentences), as in
``segment_cases.py``: every expected sentence is an exact slice of the paragraph, in order.
``SAMPLES[language]`` is one news paragraph per language for the language detector.
"""

CASES: dict[str, list[tuple[str, list[str]]]] = {
    "de": [
        (
            "Der Vertrag wurde am 3. Oktober unterzeichnet. Die Opposition kritisierte ihn scharf.",
            [
                "Der Vertrag wurde am 3. Oktober unterzeichnet.",
                "Die Opposition kritisierte ihn scharf.",
            ],
        ),
        (
            "Das steht in dem 3. Bericht der Kommission. Er wurde am Montag veröffentlicht.",
            ["Das steht in dem 3. Bericht der Kommission.", "Er wurde am Montag veröffentlicht."],
        ),
        (
            "Viele Städte, z. B. Köln und Bonn, haben die Gebühren erhöht. Andere warten noch ab.",
            [
                "Viele Städte, z. B. Köln und Bonn, haben die Gebühren erhöht.",
                "Andere warten noch ab.",
            ],
        ),
        (
            "Dr. Anna Weber leitet die Studie seit 2019. Sie arbeitet an der Charité.",
            ["Dr. Anna Weber leitet die Studie seit 2019.", "Sie arbeitet an der Charité."],
        ),
        (
            "Laut Prof. Dr. Klaus Meier ist das Risiko gering. Andere Fachleute sind vorsichtiger.",
            [
                "Laut Prof. Dr. Klaus Meier ist das Risiko gering.",
                "Andere Fachleute sind vorsichtiger.",
            ],
        ),
        (
            "Die Preise stiegen im Mai um 2,5 Prozent. Im Vorjahr waren es 3,1 Prozent.",
            ["Die Preise stiegen im Mai um 2,5 Prozent.", "Im Vorjahr waren es 3,1 Prozent."],
        ),
        (
            "Die Firma Berger GmbH & Co. KG hat Insolvenz angemeldet. Rund 200 Beschäftigte sind betroffen.",
            [
                "Die Firma Berger GmbH & Co. KG hat Insolvenz angemeldet.",
                "Rund 200 Beschäftigte sind betroffen.",
            ],
        ),
        (
            "Der Bau soll bis ca. 2030 dauern. Die Kosten liegen bei rund 4 Mrd. Euro.",
            ["Der Bau soll bis ca. 2030 dauern.", "Die Kosten liegen bei rund 4 Mrd. Euro."],
        ),
        (
            "„Wir werden nicht aufgeben“, sagte die Ministerin. „Das sind wir den Menschen schuldig.“",
            [
                "„Wir werden nicht aufgeben“, sagte die Ministerin.",
                "„Das sind wir den Menschen schuldig.“",
            ],
        ),
        (
            "Das Gesetz tritt am 1. Januar 2027 in Kraft. Bis dahin gilt die alte Regelung.",
            ["Das Gesetz tritt am 1. Januar 2027 in Kraft.", "Bis dahin gilt die alte Regelung."],
        ),
        (
            "Wer trägt die Kosten? Darüber wird seit Wochen gestritten.",
            ["Wer trägt die Kosten?", "Darüber wird seit Wochen gestritten."],
        ),
        (
            "Der Kanzler traf gegen 15 Uhr ein, d. h. mit einer Stunde Verspätung. Die Gespräche dauerten bis zum Abend.",
            [
                "Der Kanzler traf gegen 15 Uhr ein, d. h. mit einer Stunde Verspätung.",
                "Die Gespräche dauerten bis zum Abend.",
            ],
        ),
        (
            "Der Verein gewann das Spiel mit 3:1. Es war der 20. Sieg in Folge.",
            ["Der Verein gewann das Spiel mit 3:1.", "Es war der 20. Sieg in Folge."],
        ),
        (
            "Im 19. Jahrhundert war die Stadt ein Zentrum der Textilindustrie. Heute ist davon wenig übrig.",
            [
                "Im 19. Jahrhundert war die Stadt ein Zentrum der Textilindustrie.",
                "Heute ist davon wenig übrig.",
            ],
        ),
        (
            "Die Zahl der Fälle stieg auf 1.250. Das sind so viele wie nie zuvor.",
            ["Die Zahl der Fälle stieg auf 1.250.", "Das sind so viele wie nie zuvor."],
        ),
        (
            "Festnahmen gab es u. a. in Hamburg und Bremen. Die Ermittlungen dauern an.",
            [
                "Festnahmen gab es u. a. in Hamburg und Bremen.",
                "Die Ermittlungen dauern an.",
            ],
        ),
        (
            "Die Arbeitslosigkeit sank 2023. Im Jahr davor war sie gestiegen.",
            ["Die Arbeitslosigkeit sank 2023.", "Im Jahr davor war sie gestiegen."],
        ),
        (
            "Seit dem 1. Mai gelten neue Regeln, vgl. Abs. 3 des Gesetzes. Kritiker halten sie für unklar.",
            [
                "Seit dem 1. Mai gelten neue Regeln, vgl. Abs. 3 des Gesetzes.",
                "Kritiker halten sie für unklar.",
            ],
        ),
        (
            "Die Regierung legte am Mittwoch ihren Entwurf für den Haushalt vor.",
            ["Die Regierung legte am Mittwoch ihren Entwurf für den Haushalt vor."],
        ),
    ],
    "fr": [
        (
            "M. Dupont a démissionné mardi. Son successeur sera nommé la semaine prochaine.",
            ["M. Dupont a démissionné mardi.", "Son successeur sera nommé la semaine prochaine."],
        ),
        (
            "Mme Martin, maire de Lyon, a salué la décision. L'opposition l'a critiquée.",
            ["Mme Martin, maire de Lyon, a salué la décision.", "L'opposition l'a critiquée."],
        ),
        (
            "Plusieurs villes, p. ex. Nantes et Rennes, ont déjà adopté la mesure. D'autres hésitent.",
            [
                "Plusieurs villes, p. ex. Nantes et Rennes, ont déjà adopté la mesure.",
                "D'autres hésitent.",
            ],
        ),
        (
            "Le chômage a reculé de 0,3 point au troisième trimestre. Il s'établit à 7,4 %.",
            [
                "Le chômage a reculé de 0,3 point au troisième trimestre.",
                "Il s'établit à 7,4 %.",
            ],
        ),
        (
            "« Nous ne céderons pas », a déclaré la ministre. « C'est une question de principe. »",
            [
                "« Nous ne céderons pas », a déclaré la ministre.",
                "« C'est une question de principe. »",
            ],
        ),
        (
            "Pourquoi maintenant ? Le gouvernement n'a pas répondu.",
            ["Pourquoi maintenant ?", "Le gouvernement n'a pas répondu."],
        ),
        (
            "Le projet coûtera env. 3 milliards d'euros. Les travaux doivent débuter en 2026.",
            ["Le projet coûtera env. 3 milliards d'euros.", "Les travaux doivent débuter en 2026."],
        ),
        (
            "Selon le Dr Lefèvre, l'épidémie ralentit. Les hôpitaux restent sous tension.",
            ["Selon le Dr Lefèvre, l'épidémie ralentit.", "Les hôpitaux restent sous tension."],
        ),
        (
            "MM. Bernard et Petit ont été entendus par les enquêteurs. Ils ont nié toute implication.",
            [
                "MM. Bernard et Petit ont été entendus par les enquêteurs.",
                "Ils ont nié toute implication.",
            ],
        ),
        (
            "L'entreprise emploie 12 000 personnes. Elle prévoit 800 suppressions de postes.",
            ["L'entreprise emploie 12 000 personnes.", "Elle prévoit 800 suppressions de postes."],
        ),
        (
            "Il a cité l'art. 49 de la Constitution. Le débat a duré toute la nuit.",
            ["Il a cité l'art. 49 de la Constitution.", "Le débat a duré toute la nuit."],
        ),
        (
            "La réunion a été reportée… Aucune nouvelle date n'a été fixée.",
            ["La réunion a été reportée…", "Aucune nouvelle date n'a été fixée."],
        ),
        (
            "Le ministre a-t-il menti ? C'est ce que pense l'opposition !",
            ["Le ministre a-t-il menti ?", "C'est ce que pense l'opposition !"],
        ),
        (
            "Le rapport (voir p. 12) détaille les dépenses. Il a été publié jeudi.",
            ["Le rapport (voir p. 12) détaille les dépenses.", "Il a été publié jeudi."],
        ),
        (
            "Le texte sera examiné au Sénat, cf. le calendrier publié jeudi. Le vote aura lieu en mars.",
            [
                "Le texte sera examiné au Sénat, cf. le calendrier publié jeudi.",
                "Le vote aura lieu en mars.",
            ],
        ),
        (
            "Le monument date du XIXe s. et a été restauré en 2010. Il attire des milliers de visiteurs.",
            [
                "Le monument date du XIXe s. et a été restauré en 2010.",
                "Il attire des milliers de visiteurs.",
            ],
        ),
        (
            "Le Premier ministre a annoncé un plan de relance de 10 milliards d'euros.",
            ["Le Premier ministre a annoncé un plan de relance de 10 milliards d'euros."],
        ),
    ],
    "es": [
        (
            "El Sr. García dimitió el martes. Su sucesor será nombrado la próxima semana.",
            ["El Sr. García dimitió el martes.", "Su sucesor será nombrado la próxima semana."],
        ),
        (
            "La Sra. López, alcaldesa de Sevilla, celebró la decisión. La oposición la criticó.",
            [
                "La Sra. López, alcaldesa de Sevilla, celebró la decisión.",
                "La oposición la criticó.",
            ],
        ),
        (
            "Las relaciones con EE. UU. mejoraron en 2023. El comercio bilateral creció un 8 %.",
            [
                "Las relaciones con EE. UU. mejoraron en 2023.",
                "El comercio bilateral creció un 8 %.",
            ],
        ),
        (
            "¿Quién pagará la factura? El Gobierno no ha respondido.",
            ["¿Quién pagará la factura?", "El Gobierno no ha respondido."],
        ),
        (
            "¡Es una vergüenza! Así lo dijo el portavoz de la oposición.",
            ["¡Es una vergüenza!", "Así lo dijo el portavoz de la oposición."],
        ),
        (
            "El paro bajó un 0,5 % en el tercer trimestre. Se sitúa en el 11,2 %.",
            ["El paro bajó un 0,5 % en el tercer trimestre.", "Se sitúa en el 11,2 %."],
        ),
        (
            "«No vamos a rendirnos», dijo la ministra. «Es una cuestión de principios.»",
            ["«No vamos a rendirnos», dijo la ministra.", "«Es una cuestión de principios.»"],
        ),
        (
            "El Dr. Ruiz dirige el estudio desde 2019. Trabaja en un hospital de Madrid.",
            ["El Dr. Ruiz dirige el estudio desde 2019.", "Trabaja en un hospital de Madrid."],
        ),
        (
            "La empresa emplea a 12.000 personas. Prevé recortar 800 puestos.",
            ["La empresa emplea a 12.000 personas.", "Prevé recortar 800 puestos."],
        ),
        (
            "Según el art. 155 de la Constitución, el Senado debe aprobarlo. La votación será el jueves.",
            [
                "Según el art. 155 de la Constitución, el Senado debe aprobarlo.",
                "La votación será el jueves.",
            ],
        ),
        (
            "El informe (véase la pág. 12) detalla los gastos. Se publicó el jueves.",
            ["El informe (véase la pág. 12) detalla los gastos.", "Se publicó el jueves."],
        ),
        (
            "Los precios subieron, p. ej. el del pan y la leche. Los salarios no lo hicieron.",
            [
                "Los precios subieron, p. ej. el del pan y la leche.",
                "Los salarios no lo hicieron.",
            ],
        ),
        (
            "El 1.º de mayo hubo manifestaciones en todo el país. La policía no registró incidentes.",
            [
                "El 1.º de mayo hubo manifestaciones en todo el país.",
                "La policía no registró incidentes.",
            ],
        ),
        (
            "La Dra. Fernández presentó el informe. Nadie lo cuestionó.",
            ["La Dra. Fernández presentó el informe.", "Nadie lo cuestionó."],
        ),
        (
            "Las obras durarán aprox. tres años. El coste supera los 400 millones.",
            ["Las obras durarán aprox. tres años.", "El coste supera los 400 millones."],
        ),
        (
            "Ocurrió en el s. XIX, según los historiadores. Hoy apenas quedan restos.",
            ["Ocurrió en el s. XIX, según los historiadores.", "Hoy apenas quedan restos."],
        ),
        (
            "El presidente del Gobierno anunció un plan de 10.000 millones de euros.",
            ["El presidente del Gobierno anunció un plan de 10.000 millones de euros."],
        ),
    ],
    "it": [
        (
            "Il sig. Rossi si è dimesso martedì. Il suo successore sarà nominato la prossima settimana.",
            [
                "Il sig. Rossi si è dimesso martedì.",
                "Il suo successore sarà nominato la prossima settimana.",
            ],
        ),
        (
            "La dott.ssa Bianchi guida lo studio dal 2019. Lavora in un ospedale di Milano.",
            ["La dott.ssa Bianchi guida lo studio dal 2019.", "Lavora in un ospedale di Milano."],
        ),
        (
            "Il prof. Verdi ha presentato i dati. Nessuno li ha contestati.",
            ["Il prof. Verdi ha presentato i dati.", "Nessuno li ha contestati."],
        ),
        (
            "La disoccupazione è scesa dello 0,3% nel terzo trimestre. Ora è al 7,4%.",
            ["La disoccupazione è scesa dello 0,3% nel terzo trimestre.", "Ora è al 7,4%."],
        ),
        (
            "«Non ci arrenderemo», ha detto la ministra. «È una questione di principio.»",
            ["«Non ci arrenderemo», ha detto la ministra.", "«È una questione di principio.»"],
        ),
        (
            "Chi pagherà il conto? Il governo non ha risposto.",
            ["Chi pagherà il conto?", "Il governo non ha risposto."],
        ),
        (
            "Alcune città, ad es. Torino e Bologna, hanno già adottato la misura. Altre esitano.",
            [
                "Alcune città, ad es. Torino e Bologna, hanno già adottato la misura.",
                "Altre esitano.",
            ],
        ),
        (
            "L'azienda impiega 12.000 persone. Prevede 800 esuberi.",
            ["L'azienda impiega 12.000 persone.", "Prevede 800 esuberi."],
        ),
        (
            "Secondo l'art. 5 della legge, il termine è di 30 giorni. Il ricorso è stato respinto.",
            [
                "Secondo l'art. 5 della legge, il termine è di 30 giorni.",
                "Il ricorso è stato respinto.",
            ],
        ),
        (
            "Il sen. Marino ha votato contro. La legge è passata comunque.",
            ["Il sen. Marino ha votato contro.", "La legge è passata comunque."],
        ),
        (
            "Il rapporto (v. pag. 12) elenca le spese. È stato pubblicato giovedì.",
            ["Il rapporto (v. pag. 12) elenca le spese.", "È stato pubblicato giovedì."],
        ),
        (
            "Lo ha detto l'on. Ferrari in aula. La seduta è stata sospesa.",
            ["Lo ha detto l'on. Ferrari in aula.", "La seduta è stata sospesa."],
        ),
        (
            "La riunione è stata rinviata... Non è stata fissata una nuova data.",
            ["La riunione è stata rinviata...", "Non è stata fissata una nuova data."],
        ),
        (
            "Il fatturato della S.p.A. è cresciuto del 4%. Gli utili sono calati.",
            ["Il fatturato della S.p.A. è cresciuto del 4%.", "Gli utili sono calati."],
        ),
        (
            "Il dott. Esposito è stato ascoltato in procura. Ha negato ogni accusa.",
            ["Il dott. Esposito è stato ascoltato in procura.", "Ha negato ogni accusa."],
        ),
        (
            "La sede si trova in via Roma n. 12 a Bari. L'edificio è stato ristrutturato.",
            [
                "La sede si trova in via Roma n. 12 a Bari.",
                "L'edificio è stato ristrutturato.",
            ],
        ),
        (
            "Il presidente del Consiglio ha annunciato un piano da 10 miliardi di euro.",
            ["Il presidente del Consiglio ha annunciato un piano da 10 miliardi di euro."],
        ),
    ],
    "pt": [
        (
            "O Sr. Silva renunciou na terça-feira. O sucessor será nomeado na próxima semana.",
            ["O Sr. Silva renunciou na terça-feira.", "O sucessor será nomeado na próxima semana."],
        ),
        (
            "A Sra. Costa, prefeita de Recife, elogiou a decisão. A oposição criticou.",
            ["A Sra. Costa, prefeita de Recife, elogiou a decisão.", "A oposição criticou."],
        ),
        (
            "O Dr. Almeida coordena o estudo desde 2019. Ele trabalha em um hospital de Lisboa.",
            [
                "O Dr. Almeida coordena o estudo desde 2019.",
                "Ele trabalha em um hospital de Lisboa.",
            ],
        ),
        (
            "O desemprego caiu 0,3 ponto no terceiro trimestre. Agora está em 7,4%.",
            ["O desemprego caiu 0,3 ponto no terceiro trimestre.", "Agora está em 7,4%."],
        ),
        (
            "“Não vamos desistir”, disse a ministra. “É uma questão de princípio.”",
            ["“Não vamos desistir”, disse a ministra.", "“É uma questão de princípio.”"],
        ),
        (
            "Quem vai pagar a conta? O governo não respondeu.",
            ["Quem vai pagar a conta?", "O governo não respondeu."],
        ),
        (
            "Algumas cidades, p. ex. Porto e Braga, já adotaram a medida. Outras hesitam.",
            [
                "Algumas cidades, p. ex. Porto e Braga, já adotaram a medida.",
                "Outras hesitam.",
            ],
        ),
        (
            "A empresa emprega 12.000 pessoas. Ela prevê 800 demissões.",
            ["A empresa emprega 12.000 pessoas.", "Ela prevê 800 demissões."],
        ),
        (
            "Segundo o art. 5º da lei, o prazo é de 30 dias. O recurso foi rejeitado.",
            ["Segundo o art. 5º da lei, o prazo é de 30 dias.", "O recurso foi rejeitado."],
        ),
        (
            "A Profa. Ribeiro apresentou os dados. Ninguém os contestou.",
            ["A Profa. Ribeiro apresentou os dados.", "Ninguém os contestou."],
        ),
        (
            "O relatório (v. pág. 12) detalha os gastos. Ele foi publicado na quinta-feira.",
            [
                "O relatório (v. pág. 12) detalha os gastos.",
                "Ele foi publicado na quinta-feira.",
            ],
        ),
        (
            "A reunião foi adiada... Nenhuma nova data foi marcada.",
            ["A reunião foi adiada...", "Nenhuma nova data foi marcada."],
        ),
        (
            "A Dra. Souza foi ouvida pela comissão. Ela negou as acusações.",
            ["A Dra. Souza foi ouvida pela comissão.", "Ela negou as acusações."],
        ),
        (
            "As obras devem durar aprox. três anos. O custo passa de R$ 400 milhões.",
            ["As obras devem durar aprox. três anos.", "O custo passa de R$ 400 milhões."],
        ),
        (
            "Ele morreu no séc. XIX, segundo os historiadores. Hoje restam poucos vestígios.",
            [
                "Ele morreu no séc. XIX, segundo os historiadores.",
                "Hoje restam poucos vestígios.",
            ],
        ),
        (
            "O acordo com os EUA foi assinado em Brasília. O texto ainda precisa ser aprovado pelo Congresso.",
            [
                "O acordo com os EUA foi assinado em Brasília.",
                "O texto ainda precisa ser aprovado pelo Congresso.",
            ],
        ),
        (
            "O presidente anunciou um plano de R$ 10 bilhões para a infraestrutura.",
            ["O presidente anunciou um plano de R$ 10 bilhões para a infraestrutura."],
        ),
    ],
    "nl": [
        (
            "Dhr. Jansen trad dinsdag af. Zijn opvolger wordt volgende week benoemd.",
            ["Dhr. Jansen trad dinsdag af.", "Zijn opvolger wordt volgende week benoemd."],
        ),
        (
            "Mevr. de Vries, burgemeester van Utrecht, prees het besluit. De oppositie was kritisch.",
            [
                "Mevr. de Vries, burgemeester van Utrecht, prees het besluit.",
                "De oppositie was kritisch.",
            ],
        ),
        (
            "Dr. Bakker leidt het onderzoek sinds 2019. Zij werkt in een ziekenhuis in Leiden.",
            [
                "Dr. Bakker leidt het onderzoek sinds 2019.",
                "Zij werkt in een ziekenhuis in Leiden.",
            ],
        ),
        (
            "De werkloosheid daalde met 0,3 procentpunt. Die staat nu op 3,7 procent.",
            ["De werkloosheid daalde met 0,3 procentpunt.", "Die staat nu op 3,7 procent."],
        ),
        (
            "Sommige steden, bijv. Gouda en Delft, hebben de regel al ingevoerd. Andere twijfelen nog.",
            [
                "Sommige steden, bijv. Gouda en Delft, hebben de regel al ingevoerd.",
                "Andere twijfelen nog.",
            ],
        ),
        (
            "Wie betaalt de rekening? De regering heeft niet gereageerd.",
            ["Wie betaalt de rekening?", "De regering heeft niet gereageerd."],
        ),
        (
            "“We geven niet op”, zei de minister. “Dit is een kwestie van principe.”",
            ["“We geven niet op”, zei de minister.", "“Dit is een kwestie van principe.”"],
        ),
        (
            "Het bedrijf heeft 12.000 werknemers. Het schrapt 800 banen.",
            ["Het bedrijf heeft 12.000 werknemers.", "Het schrapt 800 banen."],
        ),
        (
            "Volgens art. 5 van de wet is de termijn 30 dagen. Het beroep werd afgewezen.",
            [
                "Volgens art. 5 van de wet is de termijn 30 dagen.",
                "Het beroep werd afgewezen.",
            ],
        ),
        (
            "Prof. dr. Visser presenteerde de cijfers. Niemand trok ze in twijfel.",
            ["Prof. dr. Visser presenteerde de cijfers.", "Niemand trok ze in twijfel."],
        ),
        (
            "Het rapport (zie blz. 12) somt de uitgaven op. Het werd donderdag gepubliceerd.",
            [
                "Het rapport (zie blz. 12) somt de uitgaven op.",
                "Het werd donderdag gepubliceerd.",
            ],
        ),
        (
            "De vergadering is uitgesteld... Er is nog geen nieuwe datum.",
            ["De vergadering is uitgesteld...", "Er is nog geen nieuwe datum."],
        ),
        (
            "Het concern Vanderlinden N.V. maakte de cijfers bekend. Het aandeel steeg 3 procent.",
            [
                "Het concern Vanderlinden N.V. maakte de cijfers bekend.",
                "Het aandeel steeg 3 procent.",
            ],
        ),
        (
            "De werkzaamheden duren ca. drie jaar. De kosten bedragen ruim 400 miljoen euro.",
            [
                "De werkzaamheden duren ca. drie jaar.",
                "De kosten bedragen ruim 400 miljoen euro.",
            ],
        ),
        (
            "Het gebeurde o.a. in Rotterdam en Den Haag. De politie verrichtte tien arrestaties.",
            [
                "Het gebeurde o.a. in Rotterdam en Den Haag.",
                "De politie verrichtte tien arrestaties.",
            ],
        ),
        (
            "'s Avonds was het rustig. Pas na middernacht brak er onrust uit.",
            ["'s Avonds was het rustig.", "Pas na middernacht brak er onrust uit."],
        ),
        (
            "De premier kondigde een investeringsplan van 10 miljard euro aan.",
            ["De premier kondigde een investeringsplan van 10 miljard euro aan."],
        ),
    ],
    "ru": [
        (
            "Договор подписали в 2021 г. Он вступил в силу через год.",
            ["Договор подписали в 2021 г.", "Он вступил в силу через год."],
        ),
        (
            "Завод построили в 1956 г. на окраине города. Сейчас там музей.",
            ["Завод построили в 1956 г. на окраине города.", "Сейчас там музей."],
        ),
        (
            "Эксперты, т. е. экономисты и юристы, раскритиковали проект. Правительство его защищает.",
            [
                "Эксперты, т. е. экономисты и юристы, раскритиковали проект.",
                "Правительство его защищает.",
            ],
        ),
        (
            "Об этом сообщил директор музея им. Пушкина. Выставка откроется в мае.",
            ["Об этом сообщил директор музея им. Пушкина.", "Выставка откроется в мае."],
        ),
        (
            "Инфляция составила 7,4%. Аналитики ожидали 7,1%.",
            ["Инфляция составила 7,4%.", "Аналитики ожидали 7,1%."],
        ),
        (
            "«Мы не отступим», — заявил министр. «Это вопрос принципа».",
            ["«Мы не отступим», — заявил министр.", "«Это вопрос принципа»."],
        ),
        (
            "Кто заплатит за это? Правительство не ответило.",
            ["Кто заплатит за это?", "Правительство не ответило."],
        ),
        (
            "В компании работают 12 тыс. сотрудников. Она сократит 800 рабочих мест.",
            ["В компании работают 12 тыс. сотрудников.", "Она сократит 800 рабочих мест."],
        ),
        (
            "Стоимость проекта оценивается в 4 млрд руб. Работы начнутся в 2026 году.",
            ["Стоимость проекта оценивается в 4 млрд руб.", "Работы начнутся в 2026 году."],
        ),
        (
            "Согласно ст. 5 закона, срок составляет 30 дней. Жалоба была отклонена.",
            ["Согласно ст. 5 закона, срок составляет 30 дней.", "Жалоба была отклонена."],
        ),
        (
            "В докладе (см. с. 12) перечислены расходы. Его опубликовали в четверг.",
            ["В докладе (см. с. 12) перечислены расходы.", "Его опубликовали в четверг."],
        ),
        (
            "Заседание перенесли... Новая дата пока не назначена.",
            ["Заседание перенесли...", "Новая дата пока не назначена."],
        ),
        (
            "А. С. Пушкин родился в Москве. Его дом сохранился.",
            ["А. С. Пушкин родился в Москве.", "Его дом сохранился."],
        ),
        (
            "Это произошло в XIX в. на юге страны. Сейчас там заповедник.",
            ["Это произошло в XIX в. на юге страны.", "Сейчас там заповедник."],
        ),
        (
            "Подорожали хлеб, молоко, мясо и т. д. Зарплаты остались прежними.",
            ["Подорожали хлеб, молоко, мясо и т. д.", "Зарплаты остались прежними."],
        ),
        (
            "Проф. Смирнов представил данные. Никто их не оспорил.",
            ["Проф. Смирнов представил данные.", "Никто их не оспорил."],
        ),
        (
            "По словам В. В. Петрова, решение уже принято. Он подтвердил это в пятницу.",
            ["По словам В. В. Петрова, решение уже принято.", "Он подтвердил это в пятницу."],
        ),
        (
            "Президент объявил о плане стоимостью 10 млрд долларов.",
            ["Президент объявил о плане стоимостью 10 млрд долларов."],
        ),
    ],
    "zh": [
        (
            "市议会周二投票通过了新方案。反对派表示将提起诉讼。",
            ["市议会周二投票通过了新方案。", "反对派表示将提起诉讼。"],
        ),
        (
            "他说：“我们不会放弃。”随后离开了会场。",
            ["他说：“我们不会放弃。”", "随后离开了会场。"],
        ),
        ("谁来买单？政府尚未回应。", ["谁来买单？", "政府尚未回应。"]),
        ("这是一个耻辱！反对派发言人说。", ["这是一个耻辱！", "反对派发言人说。"]),
        (
            "通胀率为3.5%。分析师此前预计为3.1%。",
            ["通胀率为3.5%。", "分析师此前预计为3.1%。"],
        ),
        (
            "报告（见第12页）列出了支出明细。该报告于周四发布。",
            ["报告（见第12页）列出了支出明细。", "该报告于周四发布。"],
        ),
        ("苹果、香蕉、葡萄……价格都上涨了。", ["苹果、香蕉、葡萄……价格都上涨了。"]),
        (
            "公司总部位于上海，员工约1.2万人。公司计划裁员800人。",
            ["公司总部位于上海，员工约1.2万人。", "公司计划裁员800人。"],
        ),
        (
            "他问道：“这笔钱去哪儿了？”没有人回答。",
            ["他问道：“这笔钱去哪儿了？”", "没有人回答。"],
        ),
        ("据新华社报道，会议于上午10时开幕。", ["据新华社报道，会议于上午10时开幕。"]),
        ("「我们不会退让。」部长说。", ["「我们不会退让。」", "部长说。"]),
        ("价格上涨了！！消费者十分不满。", ["价格上涨了！！", "消费者十分不满。"]),
        ("真的吗？！他难以置信地问。", ["真的吗？！", "他难以置信地问。"]),
        (
            "美国（U.S.）官员表示，谈判取得进展。双方将于下月再次会面。",
            ["美国（U.S.）官员表示，谈判取得进展。", "双方将于下月再次会面。"],
        ),
        (
            "他说：“我们不会放弃。我们会坚持到底。”",
            ["他说：“我们不会放弃。", "我们会坚持到底。”"],
        ),
        ("股价下跌4%。", ["股价下跌4%。"]),
        (
            "他在2023年加入公司。此前，他曾在银行工作。",
            ["他在2023年加入公司。", "此前，他曾在银行工作。"],
        ),
        ("为什么是现在?政府没有解释。", ["为什么是现在?", "政府没有解释。"]),
    ],
    "ja": [
        (
            "市議会は火曜日、新しい案を可決した。野党は提訴する方針だ。",
            ["市議会は火曜日、新しい案を可決した。", "野党は提訴する方針だ。"],
        ),
        ("大臣は「報道は事実ではない。」と述べた。", ["大臣は「報道は事実ではない。」と述べた。"]),
        (
            "本当に必要なのか？政府は説明していない。",
            ["本当に必要なのか？", "政府は説明していない。"],
        ),
        ("ひどい話だ！野党の幹部はそう語った。", ["ひどい話だ！", "野党の幹部はそう語った。"]),
        (
            "物価上昇率は3.5%だった。市場予想は3.1%だった。",
            ["物価上昇率は3.5%だった。", "市場予想は3.1%だった。"],
        ),
        (
            "報告書（12ページ参照）は支出の内訳を示している。木曜日に公表された。",
            ["報告書（12ページ参照）は支出の内訳を示している。", "木曜日に公表された。"],
        ),
        (
            "首相は「全力で取り組む。国民の理解を得たい。」と強調した。",
            ["首相は「全力で取り組む。", "国民の理解を得たい。」と強調した。"],
        ),
        (
            "同社の従業員は約1.2万人。800人を削減する計画だ。",
            ["同社の従業員は約1.2万人。", "800人を削減する計画だ。"],
        ),
        ("「なぜ今なのか？」と記者が尋ねた。", ["「なぜ今なのか？」と記者が尋ねた。"]),
        (
            "米国（U.S.）の当局者は、交渉が進展したと述べた。来月にも再び協議する。",
            ["米国（U.S.）の当局者は、交渉が進展したと述べた。", "来月にも再び協議する。"],
        ),
        ("株価は4%下落した。", ["株価は4%下落した。"]),
        (
            "彼は2023年に入社した。以前は銀行に勤めていた。",
            ["彼は2023年に入社した。", "以前は銀行に勤めていた。"],
        ),
        ("本当ですか！？と彼は聞き返した。", ["本当ですか！？と彼は聞き返した。"]),
        ("決定は延期された｡新たな日程は未定だ｡", ["決定は延期された｡", "新たな日程は未定だ｡"]),
        ("「必ず勝つ。」首相はそう語った。", ["「必ず勝つ。」", "首相はそう語った。"]),
        (
            "売上高は１２．５％増えた．利益も過去最高だった．",
            ["売上高は１２．５％増えた．", "利益も過去最高だった．"],
        ),
        (
            "政府は声明を発表した。「事態を注視している」としている。",
            ["政府は声明を発表した。", "「事態を注視している」としている。"],
        ),
        (
            "「もう限界だ」。住民の一人はそう話した。",
            ["「もう限界だ」。", "住民の一人はそう話した。"],
        ),
    ],
}

SAMPLES: dict[str, str] = {
    "en": "The council voted on Tuesday to raise parking fees in the city centre, and the opposition said it would go to court.",
    "de": "Der Stadtrat hat am Dienstag höhere Parkgebühren in der Innenstadt beschlossen. Die Opposition will dagegen klagen.",
    "fr": "Le conseil municipal a voté mardi une hausse des tarifs de stationnement. L'opposition a annoncé un recours.",
    "es": "El ayuntamiento aprobó el martes una subida de las tarifas de aparcamiento. La oposición anunció un recurso.",
    "it": "Il consiglio comunale ha approvato martedì l'aumento delle tariffe dei parcheggi. L'opposizione farà ricorso.",
    "pt": "A câmara municipal aprovou na terça-feira o aumento das tarifas de estacionamento. A oposição vai recorrer.",
    "nl": "De gemeenteraad heeft dinsdag ingestemd met hogere parkeertarieven in het centrum. De oppositie stapt naar de rechter.",
    "ru": "Городской совет во вторник одобрил повышение платы за парковку в центре. Оппозиция намерена обратиться в суд.",
    "zh": "市议会周二投票通过提高市中心停车费的方案。反对派表示将提起诉讼。",
    "ja": "市議会は火曜日、中心部の駐車料金の引き上げを可決した。野党は提訴する方針だ。",
    "pl": "Rada miasta we wtorek przegłosowała podwyżkę opłat za parkowanie w centrum. Opozycja zapowiada skargę.",
    "sv": "Kommunfullmäktige röstade på tisdagen för höjda parkeringsavgifter i centrum. Oppositionen vill överklaga.",
}

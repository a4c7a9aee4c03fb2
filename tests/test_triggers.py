"""Trigger lexicons: an English trigger and its Indonesian translation give the same event.

Each row is one sentence and the (source country, target country, category) tuple it must
give; the English and Indonesian rows of a pair test the same lexicon entry in both files.
"""
from __future__ import annotations

import pytest

from kg.extract.lexicon import language
from kg.extract.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def tuples(pipeline, text, lang):
    found = set()
    for f in pipeline.extract_text(text, lang=lang):
        if f.kind == "event" and f.modality != "negated":
            found.add((f.source.country, f.target.country if f.target else None, f.type))
    return found


TRANSLATED_TRIGGERS = [
    # returning fire is small-arms fighting (193)
    ("en", "Sri Lankan troops returned fire on Tamil rebels on Monday.", ("LKA", "LKA", "ASSAULT")),
    ("id", "Tentara Sri Lanka membalas tembakan pemberontak Tamil, Senin.", ("LKA", "LKA", "ASSAULT")),
    # a launched offensive is conventional military force
    ("en", "Pakistan launched a military offensive against Taliban militants.",
     ("PAK", "AFG", "ASSAULT")),
    ("id", "Pakistan melancarkan ofensif terhadap gerilyawan Taliban.", ("PAK", "AFG", "ASSAULT")),
    # a crackdown is violent repression (175)
    ("en", "Police launched a crackdown on opposition supporters in Zimbabwe.",
     ("ZWE", "ZWE", "ASSAULT")),
    ("id", "Polisi Zimbabwe melakukan penumpasan terhadap pendukung oposisi.",
     ("ZWE", "ZWE", "ASSAULT")),
    # pressure "from" names the one who demands: the phrase is passive
    ("en", "Israel came under pressure from Washington.", ("USA", "ISR", "REQUEST")),
    ("id", "Israel mendapat tekanan dari Mesir.", ("EGY", "ISR", "REQUEST")),
    # stopping protesters restricts political freedoms (1721)
    ("en", "Indian police prevented demonstrators from marching.", ("IND", "IND", "COERCE")),
    ("id", "Polisi Mesir mencegah pengunjuk rasa mencapai lapangan itu.", ("EGY", "EGY", "COERCE")),
    # a strike by workers or parties is a protest, not an attack
    ("en", "The Lebanese opposition staged a one-day strike in Beirut.", ("LBN", "LBN", "PROTEST")),
    ("id", "Oposisi Lebanon melakukan pemogokan di Beirut.", ("LBN", "LBN", "PROTEST")),
    # extradition is judicial cooperation (063)
    ("en", "Britain wants the extradition of Andrei Lugovoi.", ("GBR", None, "COOPERATE")),
    ("id", "Inggris menginginkan ekstradisi Andrei Lugovoi.", ("GBR", None, "COOPERATE")),
    # logistical support is material aid, not praise
    ("en", "Japan provided logistical support to the United States.", ("JPN", "USA", "AID")),
    ("id", "Jepang memberikan dukungan logistik kepada Amerika Serikat.", ("JPN", "USA", "AID")),
    # retaking control is military force
    ("en", "Iraqi and US troops launched an operation to wrest back control of Baghdad.",
     ("USA", "IRQ", "ASSAULT")),
    ("id", "Pasukan Irak dan AS merebut kembali kendali atas Baghdad.", ("USA", "IRQ", "ASSAULT")),
    # lifting a blockade eases it (0872)
    ("en", "Syria lifted a blockade on Lebanese trucks.", ("SYR", "LBN", "RETREAT")),
    ("id", "Suriah mencabut blokade terhadap truk-truk Lebanon.", ("SYR", "LBN", "RETREAT")),
    # burning people to death is killing, not destroying property
    ("en", "Ethiopian troops were burned to death by rebels.", ("ETH", "ETH", "ASSAULT")),
    ("id", "Tentara Ethiopia dibakar hidup-hidup oleh pemberontak.", ("ETH", "ETH", "ASSAULT")),
    # troops placed "sekitar/sebanyak" N are deployed
    ("id", "Pakistan menempatkan sekitar 80 ribu pasukan di perbatasan Afganistan.",
     ("PAK", "AFG", "MOBILIZE")),
    # fighting between two sides
    ("en", "Government forces and rebels were fighting in Mogadishu.", ("SOM", "SOM", "ASSAULT")),
    ("id", "Pasukan pemerintah dan pemberontak bertikai di Mogadishu.", ("SOM", "SOM", "ASSAULT")),
    # offering something to someone
    ("en", "Belarus offered Venezuela anti-aircraft weapons.", ("BLR", "VEN", "AGREE")),
    ("id", "Belarus menawari Venezuela senjata anti-pesawat.", ("BLR", "VEN", "AGREE")),
    # handing in a resignation
    ("en", "South Korea's health minister resigned.", ("KOR", None, "RETREAT")),
    ("id", "Menteri kesehatan Korea Selatan mengajukan pengunduran diri.", ("KOR", None, "RETREAT")),
    # blocking transport or roads is a protest (obstructing passage, 144)
    ("en", "Rebels in the Ivory Coast on Tuesday blocked transport into Abidjan.",
     ("CIV", "CIV", "PROTEST")),
    ("id", "Pemberontak Pantai Gading memblokir jalan-jalan menuju Abidjan, Selasa.",
     ("CIV", "CIV", "PROTEST")),
    ("en", "Protesters blocked the roads in Bolivia.", ("BOL", "BOL", "PROTEST")),
    ("id", "Para pengunjuk rasa memblokir jalan raya di Bolivia.", ("BOL", "BOL", "PROTEST")),
    # a visit of a kind keeps its preposition, so that the visitor before it is its source
    ("en", "We hope for peace, said Kufuor during a state visit to Britain.", ("GHA", "GBR", "CONSULT")),
    ("id", "Kami berharap perdamaian, kata Kufuor selama kunjungan kenegaraan ke Inggris.",
     ("GHA", "GBR", "CONSULT")),
    # occupying territory
    ("en", "The Taliban have also occupied other districts in Afghanistan.", ("AFG", "AFG", "COERCE")),
    ("id", "Taliban juga telah menduduki beberapa kabupaten lain di Afghanistan.",
     ("AFG", "AFG", "COERCE")),
    # sending someone to prison is detention
    ("en", "The Bangladeshi government sent to prison Tarique Rahman on Tuesday.",
     ("BGD", None, "COERCE")),
    ("id", "Pemerintah Bangladesh memenjarakan Tarique Rahman, Selasa.", ("BGD", None, "COERCE")),
    # plural investigations, a charge against someone
    ("en", "Israeli police are to initiate investigations into Prime Minister Ehud Olmert.",
     ("ISR", "ISR", "ACCUSE")),
    ("id", "Polisi Israel akan memulai penyelidikan terhadap Perdana Menteri Ehud Olmert.",
     ("ISR", "ISR", "ACCUSE")),
    ("en", "The Pentagon referred the charge against Hicks.", ("USA", None, "ACCUSE")),
    ("id", "Pentagon merujuk tuduhan terhadap Hicks.", ("USA", None, "ACCUSE")),
    # chiding is criticism
    ("en", "Erdogan chided U.S. officials.", ("TUR", "USA", "ACCUSE")),
    ("id", "Erdogan mencaci pejabat AS.", ("TUR", "USA", "ACCUSE")),
    # an adverb inside a demand ("pushing hard for"); capturing part of a place is fighting
    ("en", "Britain is pushing hard for the United States to support its debt relief plan.",
     ("GBR", "USA", "REQUEST")),
    ("en", "Burmese troops captured part of the town.", ("MMR", None, "ASSAULT")),
    ("id", "Tentara Myanmar merebut sebagian kota itu.", ("MMR", None, "ASSAULT")),
    # backing with an object or an agent is support
    ("en", "Shiite extremists backed by Iran were on the rise.", ("IRN", None, "SUPPORT")),
    # landing at a place is arriving there, as "mendarat di"
    ("en", "A US military plane landed at a Pyongyang airport.", ("USA", "PRK", "CONSULT")),
    ("id", "Sebuah pesawat militer AS mendarat di bandara Pyongyang.", ("USA", "PRK", "CONSULT")),
    # air strikes in the plural, reduplicated in Indonesian
    ("en", "Villagers watched US air strikes in southern Somalia.", ("USA", "SOM", "ASSAULT")),
    ("id", "Warga desa melihat serangan-serangan udara AS di Somalia selatan.",
     ("USA", "SOM", "ASSAULT")),
    # an adverbial between a verb and its preposition, where Indonesian puts it before the verb
    ("en", "Abbas called last month for early elections in the Palestinian territories.",
     ("PSE", "PSE", "REQUEST")),
    ("id", "Abbas bulan lalu menyerukan pemilihan umum segera di wilayah Palestina.",
     ("PSE", "PSE", "REQUEST")),
    ("en", "Bush met on Tuesday with Jordan's King Abdullah.", ("USA", "JOR", "CONSULT")),
    ("id", "Bush pada Selasa bertemu dengan Raja Yordania Abdullah.", ("USA", "JOR", "CONSULT")),
    # a warm welcome to a visitor is hosting a visit (043)
    ("en", "France gave a warm welcome to South African President Thabo Mbeki.",
     ("FRA", "ZAF", "CONSULT")),
    # colloquial "minta" asks as "meminta" does
    ("en", "Bush asked Congress to approve the plan.", ("USA", None, "REQUEST")),
    ("id", "Bush minta Kongres menyetujui rencana itu.", ("USA", None, "REQUEST")),
    # meeting demands accedes to them (083), it is no meeting
    ("en", "Guinea's government met the demands of the unions.", ("GIN", "GIN", "CONCEDE")),
    ("id", "Pemerintah Guinea memenuhi semua tuntutan serikat pekerja.", ("GIN", "GIN", "CONCEDE")),
    # "menerima baik" accepts as "accept" does
    ("en", "Israel accepted the Arab peace initiative.", ("ISR", None, "AGREE")),
    ("id", "Israel menerima baik gagasan perdamaian Arab.", ("ISR", None, "AGREE")),
    # a single warship or carrier sent is a show of force
    ("en", "The United States sent another warship to the Gulf.", ("USA", None, "MOBILIZE")),
    ("id", "Amerika Serikat mengirim kapal induk ke Teluk.", ("USA", None, "MOBILIZE")),
    # the one-word spelling "ujicoba"
    ("en", "North Korea conducted a nuclear test in October.", ("PRK", None, "MOBILIZE")),
    ("id", "Korea Utara melakukan ujicoba nuklir pada Oktober.", ("PRK", None, "MOBILIZE")),
    # suspending a newspaper restricts political freedoms (1721)
    ("en", "Zimbabwe's government suspended publication of the Daily News.", ("ZWE", None, "COERCE")),
    ("id", "Pemerintah Zimbabwe menghentikan penerbitan harian itu.", ("ZWE", "ZWE", "COERCE")),
    # "all aid" stops aid as "aid" does (162)
    ("en", "The European Union suspended all aid to the Palestinian government.",
     (None, "PSE", "SANCTION")),
    ("id", "Uni Eropa menghentikan semua bantuan kepada pemerintah Palestina.",
     (None, "PSE", "SANCTION")),
    # refuge and refugee status are asylum (075); an amnesty releases (0841)
    ("en", "Yemen granted refuge to Somali Islamist leaders.", ("YEM", "SOM", "AID")),
    ("id", "Yaman memberikan status pengungsi kepada pemimpin Islam Somalia.", ("YEM", "SOM", "AID")),
    ("en", "Uganda granted an amnesty to rebels.", ("UGA", "UGA", "RETREAT")),
    ("id", "Uganda memberikan pengampunan kepada pemberontak.", ("UGA", "UGA", "RETREAT")),
    # arming armed groups is military aid (072)
    ("en", "Iran is arming militias in Iraq.", ("IRN", "IRQ", "AID")),
    ("id", "Iran mempersenjatai milisi di Irak.", ("IRN", "IRQ", "AID")),
    # a labour strike extended is a protest, not an attack
    ("en", "Zimbabwean doctors extended their strike.", ("ZWE", "ZWE", "PROTEST")),
    ("id", "Dokter-dokter Zimbabwe melanjutkan aksi mogok.", ("ZWE", "ZWE", "PROTEST")),
    # a rally is a protest when it is staged or held against someone, in both languages
    ("en", "Opposition supporters staged a rally against the Zimbabwean government.",
     ("ZWE", "ZWE", "PROTEST")),
    ("id", "Pendukung oposisi menggelar pawai menentang pemerintah Zimbabwe.",
     ("ZWE", "ZWE", "PROTEST")),
    ("en", "Lebanese police prevented the rally in Beirut.", ("LBN", "LBN", "COERCE")),
    ("id", "Polisi Lebanon mencegah pawai di Beirut.", ("LBN", "LBN", "COERCE")),
    # capturing a village is fighting; capturing people stays an arrest
    ("en", "Sri Lankan troops captured the village of Vakarai.", ("LKA", None, "ASSAULT")),
    ("id", "Tentara Sri Lanka merebut desa Vakarai.", ("LKA", None, "ASSAULT")),
    # funds cut as funding cut; a land border closed as a border closed
    ("en", "The US Congress is cutting funds to Pakistan.", ("USA", "PAK", "SANCTION")),
    ("id", "Kongres AS memangkas dana bagi Pakistan.", ("USA", "PAK", "SANCTION")),
    ("en", "Ivory Coast closed its land border with Ghana.", ("CIV", "GHA", "SANCTION")),
    ("id", "Pantai Gading menutup perbatasan daratnya dengan Ghana.", ("CIV", "GHA", "SANCTION")),
    # "di dukung" is a common split spelling of the passive "didukung"
    ("en", "The Iraqi government is backed by Iran.", ("IRN", "IRQ", "SUPPORT")),
    ("id", "Pemerintah Irak di dukung oleh Iran.", ("IRN", "IRQ", "SUPPORT")),
    # lobbying for someone to act ("melakukan lobi agar") as "lobbied for"
    ("en", "Australia has lobbied for Indonesia to release the prisoners.", ("AUS", "IDN", "SUPPORT")),
    ("id", "Australia melakukan lobi agar Indonesia membebaskan para tahanan.",
     ("AUS", "IDN", "SUPPORT")),
]


@pytest.mark.parametrize("lang,text,expected", TRANSLATED_TRIGGERS)
def test_translated_trigger_gives_the_same_event(pipeline, lang, text, expected):
    assert expected in tuples(pipeline, text, lang)


NOT_EVENTS = [
    # "insist" asserts a claim; only "insist on" demands
    ("en", "Iran insists its nuclear programme is peaceful."),
    ("id", "Iran bersikeras bahwa program nuklirnya bertujuan damai."),
    # a source declining to be named rejects nothing
    ("en", "Somali troops will go to the area, said an official who declined to be named."),
    ("id", "Pasukan Somalia akan pergi ke daerah itu, kata pejabat Somalia yang tidak bersedia "
           "disebutkan namanya."),
    ("id", "Kami harus menyingkirkan mereka, kata sumber pertahanan Sri Lanka yang menolak "
           "disebutkan namanya."),
    # publishing a survey releases no one
    ("en", "The Pentagon released a survey of US troops in Iraq."),
]


@pytest.mark.parametrize("lang,text", NOT_EVENTS)
def test_statement_phrase_gives_no_event(pipeline, lang, text):
    assert not {t for t in tuples(pipeline, text, lang) if t[2] in ("REJECT", "REQUEST", "RETREAT")}


NOT_THIS_EVENT = [
    # participants and institutions named after aid give no aid
    ("en", "French aid workers were kidnapped in Afghanistan.", "AID"),
    ("id", "Dua pekerja bantuan Perancis diculik di Afghanistan.", "AID"),
    ("id", "Pasukan Bantuan Keamanan Internasional mengatakan mobil itu milik kontraktor Amerika "
           "Serikat.", "AID"),
    ("en", "Lebanon's prime minister spoke at an aid conference in Paris.", "AID"),
    ("id", "Perdana menteri Lebanon berbicara di konferensi bantuan di Paris.", "AID"),
    ("id", "Pemerintah India mendirikan suaka margasatwa di Gujarat.", "AID"),
    # cooperation in an organisation's name
    ("en", "Sri Lanka's Agency for Development and Cooperation funded the school.", "COOPERATE"),
    # unrest and "kerusuhan" (violence) name a state of affairs; a bare "pawai" is an occasion
    ("en", "The unrest in Nigeria cost the country billions of dollars.", "PROTEST"),
    ("id", "Kerusuhan di Nigeria merugikan negara itu miliaran dolar.", "PROTEST"),
    ("id", "Ribuan orang menghadiri pawai di Zimbabwe.", "PROTEST"),
    # "pembebasan" in a movement's name releases no one
    ("id", "Macan Pembebasan Tamil Eelam menyerang pangkalan militer Sri Lanka.", "RETREAT"),
    # warning shots and warning systems, naval strike groups
    ("en", "Indian soldiers fired warning shots in the air.", "ASSAULT"),
    ("id", "Tentara India melepaskan tembakan peringatan ke udara.", "ASSAULT"),
    ("en", "India is installing a tsunami warning system.", "THREATEN"),
    ("en", "The US carrier strike group arrived in the Gulf.", "ASSAULT"),
    # a reporter's question and an attempt ("seeking to") request nothing
    ("en", "Asked about Britain's plans, Beckett said Britain would not send more troops.",
     "REQUEST"),
    ("en", "The West says Iran is seeking to build an atomic bomb.", "REQUEST"),
    # meeting demands is no meeting; acknowledging a fact is no recognition
    ("en", "Israel refused to meet the demands of the kidnappers.", "CONSULT"),
    ("en", "The parties recognize that she does not speak for the United States.", "SUPPORT"),
    # a naval unit, a visitor's visa, a heart attack, an occupied territory's name
    ("en", "The United States and France have three aircraft carrier battle groups in the Gulf.",
     "ASSAULT"),
    ("id", "Mubarak yang memegang visa kunjungan melanggar undang-undang di Pakistan.", "CONSULT"),
    ("en", "The Slovenian swimmer faced the threat of a heart attack.", "ASSAULT"),
    ("id", "Warga Slovenia itu menghadapi ancaman serangan jantung.", "ASSAULT"),
    ("en", "Israel built a wall in the occupied West Bank.", "COERCE"),
    # "US-backed" describes whom a government has behind it; it is no act in the sentence
    ("en", "Taliban militants waged an insurgency against the US-backed government in "
           "Afghanistan.", "SUPPORT"),
    # whoever hears gunfire fired nothing
    ("en", "Residents of Colombo said they heard gunfire near the airport.", "ASSAULT"),
    ("id", "Penduduk Kolombo mengatakan mereka mendengar suara tembakan di dekat bandara.",
     "ASSAULT"),
    # dropping charges accuses no one
    ("en", "Prosecutors dropped charges against the Russian diplomat.", "ACCUSE"),
    # fighting for a cause is a struggle, not an attack
    ("en", "The Tamil Tigers have been fighting for a separate homeland in Sri Lanka.", "ASSAULT"),
    ("id", "Pemberontak Tamil bertempur untuk kemerdekaan di Sri Lanka.", "ASSAULT"),
    # arriving "here" (the dateline) names no host, as English "arrived here"
    ("id", "Presiden Prancis tiba di sini hari Senin.", "CONSULT"),
    # "pemerintah dukungan AS" is "the US-backed government": no act in the sentence
    ("id", "Pejuang Taliban melancarkan pemberontakan melawan pemerintah dukungan Amerika Serikat "
           "di Afganistan.", "SUPPORT"),
    # the backs of vehicles back no one; reminding someone threatens no one
    ("en", "NATO soldiers put signs on the backs of their vehicles in Afghanistan.", "SUPPORT"),
    ("id", "Bush mengingatkan anggota parlemen Amerika Serikat tentang kewajiban mereka.",
     "THREATEN"),
    # "accused of", "charged with" right after a noun are passive: the one before is accused
    ("en", "Kenyan troops drove out militants accused of links to Al-Shabaab.", "ACCUSE"),
    ("id", "Pasukan Kenya mengusir gerilyawan yang dituduh punya hubungan dengan Al-Shabaab.",
     "ACCUSE"),
    ("en", "An Egyptian court acquitted a man charged with smuggling weapons to Gaza.", "COERCE"),
    ("id", "Pengadilan Mesir membebaskan seorang pria yang didakwa menyelundupkan senjata ke Gaza.",
     "COERCE"),
    # the war on terror is a policy, no attack on anyone
    ("en", "Australia joined the war on terror in Afghanistan.", "ASSAULT"),
    ("id", "Australia mengatakan perang melawan teror akan berlangsung puluhan tahun.", "ASSAULT"),
    # seeing in the new year welcomes no one
    ("en", "South Koreans gathered in Seoul to welcome the new year.", "SUPPORT"),
    ("id", "Warga Korea Selatan berkumpul di Seoul untuk menyambut tahun baru.", "SUPPORT"),
]


def test_fighting_for_days_is_still_fighting(pipeline):
    assert "ASSAULT" in {t[2] for t in tuples(
        pipeline, "Sri Lankan troops and Tamil rebels were fighting for a third day.", "en")}


@pytest.mark.parametrize("lang,text,category", NOT_THIS_EVENT)
def test_word_in_a_name_or_other_sense_gives_no_event(pipeline, lang, text, category):
    assert category not in {t[2] for t in tuples(pipeline, text, lang)}


def test_insist_on_is_a_demand(pipeline):
    assert ("USA", None, "REQUEST") in tuples(
        pipeline, "The United States insisted on a full inquiry.", "en")


@pytest.mark.parametrize("lang,text,relation", [
    ("id", "Amerika Serikat adalah sekutu terdekat Jepang.", "ally_of"),
    ("id", "Jepang adalah mitra kunci Indonesia.", "partner_of"),
    ("en", "Japan is a major partner of Indonesia.", "partner_of"),
])
def test_relation_cue_of_both_languages(pipeline, lang, text, relation):
    assert any(f.kind == "relation" and f.type == relation
               for f in pipeline.extract_text(text, lang=lang))


def _rows(lang):
    return {row["trigger"]: (row["cameo"], row.get("flags") or "") for row in language(lang).triggers}


@pytest.mark.parametrize("joined,split", [("ujicoba", "uji coba"), ("kerjasama", "kerja sama")])
def test_spelling_variants_share_code_and_flags(joined, split):
    """"ujicoba rudal" is a noun trigger as "uji coba rudal" is: both spellings attach alike."""
    rows = _rows("id")
    for trigger, value in rows.items():
        if joined in trigger.split():
            twin = " ".join(split if w == joined else w for w in trigger.split())
            assert rows.get(twin, value) == value, (trigger, twin)



# -- verb–object patterns (data/lang/<code>/patterns.yaml, data/act_patterns.tsv) -------------

def events(pipeline, text, lang):
    return {(f.source.country, f.target.country if f.target else None, f.type, f.cameo, f.modality)
            for f in pipeline.extract_text(text, lang=lang) if f.kind == "event"}


PAIRED_ACTS = [
    # easing sanctions is 085, whatever words stand between verb and object
    ("en", "The European Union lifted the remaining economic sanctions on Belarus.",
     (None, "BLR", "RETREAT", "085")),
    ("en", "Washington eased its sanctions against Cuba.", ("USA", "CUB", "RETREAT", "085")),
    ("en", "Brazil ended all sanctions on Paraguay on Monday.", ("BRA", "PRY", "RETREAT", "085")),
    ("id", "Uni Eropa mencabut sanksi ekonomi terhadap Belarus.", (None, "BLR", "RETREAT", "085")),
    ("id", "Brasil mengakhiri semua sanksi terhadap Paraguay.", ("BRA", "PRY", "RETREAT", "085")),
    # easing restrictions and reopening a closed border ease an administrative sanction (081)
    ("en", "Egypt reopened the border with Gaza.", ("EGY", "PSE", "CONCEDE", "081")),
    ("id", "Mesir membuka kembali perbatasan dengan Gaza.", ("EGY", "PSE", "CONCEDE", "081")),
    ("en", "China relaxed travel curbs on Taiwan.", ("CHN", "TWN", "CONCEDE", "081")),
    ("id", "Tiongkok melonggarkan larangan bepergian ke Taiwan.", ("CHN", "TWN", "CONCEDE", "081")),
    # lifting a siege or a blockade (0872)
    ("en", "Ethiopian troops lifted the siege of Mogadishu.", ("ETH", "SOM", "RETREAT", "0872")),
    ("id", "Pasukan Ethiopia mencabut pengepungan atas Mogadishu.", ("ETH", "SOM", "RETREAT", "0872")),
    # releasing people (0841), the object phrase holding an actor
    ("en", "Israel freed 20 Palestinian prisoners.", ("ISR", "PSE", "RETREAT", "0841")),
    ("id", "Israel membebaskan 20 tahanan Palestina.", ("ISR", "PSE", "RETREAT", "0841")),
    ("id", "Filipina melepaskan dua sandera Malaysia.", ("PHL", "MYS", "RETREAT", "0841")),
    # withdrawing troops (0874)
    ("en", "Russia pulled out some 300 troops from Georgia.", ("RUS", "GEO", "RETREAT", "0874")),
    ("id", "Rusia menarik sekitar 300 prajurit dari Georgia.", ("RUS", "GEO", "RETREAT", "0874")),
    # halting or ending negotiations is 164, mediation 165, aid 162, ties 161
    ("en", "Japan suspended talks with North Korea.", ("JPN", "PRK", "SANCTION", "164")),
    ("en", "Japan cancelled a meeting with China.", ("JPN", "CHN", "SANCTION", "164")),
    ("id", "Jepang menunda perundingan dengan Korea Utara.", ("JPN", "PRK", "SANCTION", "164")),
    ("id", "Jepang membatalkan pertemuan dengan Tiongkok.", ("JPN", "CHN", "SANCTION", "164")),
    ("en", "Syria ended mediation efforts between Lebanese militias.", ("SYR", "LBN", "SANCTION", "165")),
    ("id", "Mesir menghentikan mediasi antara Israel dan Hamas.", ("EGY", "ISR", "SANCTION", "165")),
    ("en", "The United States froze military aid to Bosnia.", ("USA", "BIH", "SANCTION", "162")),
    ("id", "Amerika Serikat membekukan bantuan militer kepada Bosnia.", ("USA", "BIH", "SANCTION", "162")),
    ("en", "Venezuela froze diplomatic relations with Colombia.", ("VEN", "COL", "SANCTION", "161")),
    ("id", "Venezuela membekukan hubungan diplomatik dengan Kolombia.", ("VEN", "COL", "SANCTION", "161")),
    # establishing, restoring or upgrading ties (054, mutual); closing a border (160)
    ("en", "Israel and Morocco upgraded their diplomatic ties.", ("ISR", "MAR", "SUPPORT", "054")),
    ("id", "Israel dan Maroko meningkatkan hubungan diplomatik.", ("ISR", "MAR", "SUPPORT", "054")),
    ("en", "Indonesia restored relations with Malaysia.", ("IDN", "MYS", "SUPPORT", "054")),
    ("id", "Indonesia memulihkan hubungan dengan Malaysia.", ("IDN", "MYS", "SUPPORT", "054")),
    ("en", "Turkey sealed its land border with Syria.", ("TUR", "SYR", "SANCTION", "160")),
    ("id", "Turki menutup perbatasannya dengan Suriah.", ("TUR", "SYR", "SANCTION", "160")),
    # the owner's clitic on the object and a hyphenated verb
    ("en", "Iraq re-opened its borders with Iran.", ("IRQ", "IRN", "CONCEDE", "081")),
    ("id", "Irak membuka kembali perbatasannya dengan Iran.", ("IRQ", "IRN", "CONCEDE", "081")),
    # demanding a release, a withdrawal or a ceasefire (1053, 1056): the demand is the act
    ("en", "Britain demanded their immediate release.", ("GBR", None, "REQUEST", "1053")),
    ("id", "Inggris menuntut pembebasan segera personilnya.", ("GBR", None, "REQUEST", "1053")),
    ("en", "Iran urged the withdrawal of US troops from Iraq.", ("IRN", "USA", "REQUEST", "1056")),
    ("id", "Iran mendesak penarikan pasukan AS dari Irak.", ("IRN", "USA", "REQUEST", "1056")),
    # the passive names the same act: the object stands before the verb, its agent after it
    ("en", "Sanctions on Iran were lifted by Japan.", ("JPN", "IRN", "RETREAT", "085")),
    ("id", "Sanksi terhadap Iran dicabut oleh Jepang.", ("JPN", "IRN", "RETREAT", "085")),
    ("en", "Talks with Iran were suspended by Japan.", ("JPN", "IRN", "SANCTION", "164")),
    ("id", "Perundingan dengan Iran ditunda oleh Jepang.", ("JPN", "IRN", "SANCTION", "164")),
    # reaching an agreement (030) and signing one (057) are mutual, whatever stands between
    ("en", "Pakistan reached a controversial peace agreement with India.", ("PAK", "IND", "AGREE", "030")),
    ("id", "Pakistan mencapai sebuah perjanjian damai dengan India.", ("PAK", "IND", "AGREE", "030")),
    ("en", "Japan signed a new security pact with Australia.", ("JPN", "AUS", "SUPPORT", "057")),
    ("id", "Jepang menandatangani pakta keamanan baru dengan Australia.", ("JPN", "AUS", "SUPPORT", "057")),
    # sending peacekeepers (074) or aid (070), a number between verb and object
    ("en", "China sent about 500 peacekeepers to Lebanon.", ("CHN", "LBN", "AID", "074")),
    ("id", "Tiongkok mengirimkan sekitar 500 pasukan penjaga perdamaian ke Lebanon.",
     ("CHN", "LBN", "AID", "074")),
    ("en", "Japan sent emergency aid to Myanmar.", ("JPN", "MMR", "AID", "070")),
    ("id", "Jepang mengirim bantuan darurat ke Myanmar.", ("JPN", "MMR", "AID", "070")),
    # halting attacks de-escalates (087)
    ("en", "Pakistan ended its offensive against Taliban militants.", ("PAK", "AFG", "RETREAT", "087")),
    ("id", "Pakistan menghentikan serangan terhadap gerilyawan Taliban.", ("PAK", "AFG", "RETREAT", "087")),
]


@pytest.mark.parametrize("lang,text,expected", PAIRED_ACTS)
def test_a_verb_and_its_object_name_one_act(pipeline, lang, text, expected):
    found = {e[:4] for e in events(pipeline, text, lang) if e[4] == "asserted"}
    assert expected in found


HALTED_ACTS = [
    # a cancelled or postponed visit is no visit, and no other act
    ("en", "Shigeru Ishiba cancelled his trip to The Hague.", ("JPN", "NLD", "CONSULT")),
    ("en", "The Lebanese prime minister postponed a planned visit to Japan.", ("LBN", "JPN", "CONSULT")),
    ("en", "Indonesia has called off a state visit to Australia.", ("IDN", "AUS", "CONSULT")),
    ("id", "Perdana Menteri Jepang membatalkan kunjungan ke Belanda.", ("JPN", "NLD", "CONSULT")),
    ("id", "Perdana Menteri Lebanon menunda kunjungannya ke Jepang.", ("LBN", "JPN", "CONSULT")),
]


@pytest.mark.parametrize("lang,text,act", HALTED_ACTS)
def test_a_halted_act_is_not_done(pipeline, lang, text, act):
    found = events(pipeline, text, lang)
    assert (*act, "negated") in {(s, t, c, m) for s, t, c, _, m in found}
    assert not {e for e in found if e[4] != "negated"}


@pytest.mark.parametrize("lang,text", [
    ("en", "Britain demanded their immediate release."),
    ("id", "Inggris menuntut pembebasan segera personilnya."),
])
def test_a_demanded_release_is_no_release(pipeline, lang, text):
    assert not {e for e in events(pipeline, text, lang) if e[2] == "RETREAT"}


MODAL_ACTS = [
    # a refused act is a refusal of it (12x), done
    ("en", "Israel refused to release Palestinian prisoners.", ("ISR", "PSE", "REJECT", "asserted")),
    ("id", "Israel menolak membebaskan tahanan Palestina.", ("ISR", "PSE", "REJECT", "asserted")),
    # a failed act is not done
    ("en", "Russia failed to withdraw its troops from Georgia.", ("RUS", "GEO", "RETREAT", "negated")),
    ("id", "Rusia gagal menarik pasukannya dari Georgia.", ("RUS", "GEO", "RETREAT", "negated")),
    # a planned act is planned
    ("en", "Japan plans to reopen the border with China.", ("JPN", "CHN", "CONCEDE", "planned")),
    ("id", "Jepang berencana membuka kembali perbatasan dengan Tiongkok.",
     ("JPN", "CHN", "CONCEDE", "planned")),
    # a threatened act is a threat
    ("en", "Iran threatened to suspend talks with Britain.", ("IRN", "GBR", "THREATEN", "asserted")),
    ("id", "Iran mengancam akan menangguhkan perundingan dengan Inggris.",
     ("IRN", "GBR", "THREATEN", "asserted")),
]


@pytest.mark.parametrize("lang,text,expected", MODAL_ACTS)
def test_a_paired_act_keeps_the_modality_of_its_clause(pipeline, lang, text, expected):
    found = {(s, t, c, m) for s, t, c, _, m in events(pipeline, text, lang)}
    assert expected in found
    assert not {e for e in found if e[3] == "asserted" and e[2] == "RETREAT"}


@pytest.mark.parametrize("lang,text", [
    ("en", "Talks with Iran were later suspended."),
    ("id", "Perundingan dengan Iran kemudian ditunda."),
])
def test_suspended_talks_are_no_talks(pipeline, lang, text):
    assert not {e for e in events(pipeline, text, lang) if e[2] == "CONSULT" and e[4] != "negated"}


NOT_PAIRED = [
    # a hyphenated word is no verb
    ("en", "The attack aimed at the stop-go peace process between India and Pakistan."),
    # improving relations is no diplomatic recognition
    ("id", "Indonesia meningkatkan hubungan dengan Malaysia."),
    # a preposition or a clause ends the object phrase
    ("en", "Israel lifted a ban on travel, while sanctions on Iran remained."),
    ("id", "Israel mencabut larangan bepergian, sementara sanksi terhadap Iran tetap berlaku."),
]


@pytest.mark.parametrize("lang,text", NOT_PAIRED)
def test_no_pair_across_a_phrase_boundary(pipeline, lang, text):
    assert not {e for e in events(pipeline, text, lang) if e[3] in ("085", "164", "054")}


@pytest.mark.parametrize("lang,lemma,forms", [
    ("en", "cancel", {"cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling"}),
    ("en", "call off", {"call off", "calls off", "called off", "calling off"}),
    ("en", "freeze", {"freeze", "freezes", "froze", "frozen", "freezing"}),
    ("id", "batal+kan", {"membatalkan", "dibatalkan", "pembatalan"}),
    ("id", "tunda", {"menunda", "ditunda", "penundaan"}),
    ("id", "tangguh+kan", {"menangguhkan", "ditangguhkan", "penangguhan"}),
])
def test_halting_verbs_are_lemmas_with_their_forms(lang, lemma, forms):
    from kg.extract.rules import rules_for
    assert lemma in language(lang).words("halting")
    assert forms <= rules_for(lang).halting


@pytest.mark.parametrize("lang,lemma,forms", [
    ("en", "drop", ["drop", "drops", "dropping", "dropped"]),
    ("en", "ease", ["ease", "eases", "easing", "eased"]),
    ("en", "withdraw", ["withdraw", "withdraws", "withdrawing", "withdrew", "withdrawn"]),
    ("id", "cabut", ["mencabut", "dicabut", "pencabutan"]),
    ("id", "bebas+kan", ["membebaskan", "dibebaskan", "pembebasan"]),
    ("id", "akhir+i", ["mengakhiri", "diakhiri", "pengakhiran"]),
    ("id", "kirim", ["mengirim", "dikirim", "pengiriman"]),
    ("id", "serang", ["menyerang", "diserang", "penyerangan"]),
    ("id", "buka kembali", ["membuka kembali", "dibuka kembali", "pembukaan kembali"]),
])
def test_forms_are_generated_from_the_lemma(lang, lemma, forms):
    from kg.extract.morphology import verb_forms
    morphology = language(lang).grammar["morphology"]
    assert [f.text for f in verb_forms(lemma, morphology, {"withdraw": ["withdrew", "withdrawn"]})] == forms


@pytest.mark.parametrize("lemma,forms", [
    ("sanction", ["sanction", "sanctions"]), ("embargo", ["embargo", "embargoes"]),
    ("state of emergency", ["state of emergency", "states of emergency"]), ("talks", ["talks"]),
])
def test_english_nouns_take_their_plural(lemma, forms):
    from kg.extract.morphology import noun_forms
    assert noun_forms(lemma, "english") == forms


def test_indonesian_nouns_take_their_plural_and_the_owners_clitic():
    from kg.extract.morphology import noun_forms
    assert noun_forms("perbatasan", "indonesian") == ["perbatasan", "perbatasannya", "perbatasan-perbatasan"]
    assert noun_forms("kerja sama", "indonesian") == ["kerja sama", "kerja samanya"]


@pytest.mark.parametrize("lang,text,form,cameo,flags", [
    # verbs.tsv: one lemma row stands for every form, with the row's code and flags
    ("en", "Israel holds talks with Syria.", "holds talks", "040", {"symmetric"}),
    ("en", "Israel held talks with Syria.", "held talks", "040", {"symmetric"}),
    ("en", "Russia is attacking Ukraine.", "attacking", "190", set()),
    # a verb phrase takes a determiner before its object (grammar.yaml determiners)
    ("en", "Israel held the talks with Syria.", "held the talks", "040", {"symmetric"}),
    ("en", "Japan pledged his support to Ukraine.", "pledged his support", "032", set()),
    # Indonesian roots: the meN- form, the di- passive, the peN-...-an noun
    ("id", "Rusia menyerang Ukraina.", "menyerang", "190", set()),
    ("id", "Ukraina diserang Rusia.", "diserang", "190", {"passive"}),
    ("id", "Penyerangan Rusia terhadap Ukraina.", "penyerangan", "190", {"noun"}),
    ("id", "Polisi menangkap dua warga Australia.", "menangkap", "173", set()),
])
def test_a_lemma_row_gives_every_form_its_code_and_flags(lang, text, form, cameo, flags):
    from kg.extract.rules import Trigger, rules_for
    found = {(h.text.lower(), h.payload.cameo.code, h.payload.flags)
             for h in rules_for(lang).matcher.find(text) if isinstance(h.payload, Trigger)}
    assert (form, cameo, frozenset(flags)) in found


@pytest.mark.parametrize("lang,text,expected", [
    # a noun trigger with its owner's clitic (grammar.yaml pronoun_suffixes) is the same act
    ("id", "Menteri Luar Negeri Jepang memulai kunjungannya ke Indonesia.", ("JPN", "IDN", "CONSULT")),
    ("id", "Presiden Iran mengakhiri kunjungannya ke Suriah pada hari Senin.", ("IRN", "SYR", "CONSULT")),
    ("en", "Japan's foreign minister began his visit to Indonesia.", ("JPN", "IDN", "CONSULT")),
])
def test_a_noun_trigger_with_its_owners_clitic(pipeline, lang, text, expected):
    assert expected in tuples(pipeline, text, lang)


def test_no_determiner_after_a_particle():
    from kg.extract.rules import Trigger, rules_for
    found = {h.text.lower() for h in rules_for("en").matcher.find("They will pull the out of Iraq.")
             if isinstance(h.payload, Trigger)}
    assert "pull the out" not in found

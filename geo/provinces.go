package geo

// provinceRow is one first-level ISO 3166-2 subdivision. name is the usual English name;
// aliases are other spellings, the ISO romanisation where it differs, local and former names,
// common abbreviations, and superseded ISO codes that still turn up in data ("IN-CT").
type provinceRow struct {
	code    string
	name    string
	aliases []string
}

// provinceData holds the first-level subdivisions of the countries covered so far: AF, IN, KH,
// BD, NP, PK and MM. Codes follow ISO 3166-2 as of its 2023-2024 changes (India: IN-CG,
// IN-DH, IN-LA, IN-OD, IN-TS, IN-UK; Nepal: named provinces). The order within a country is
// free; Provinces sorts by code.
var provinceData = []provinceRow{
	// Afghanistan: 34 provinces (wilayat). ISO romanisation in the aliases.
	{"AF-BDS", "Badakhshan", aka{"Badakhshān", "Badakshan"}},
	{"AF-BDG", "Badghis", aka{"Bādghīs", "Badghes", "Badgis"}},
	{"AF-BGL", "Baghlan", aka{"Baghlān", "Baghlaan"}},
	{"AF-BAL", "Balkh", nil},
	{"AF-BAM", "Bamyan", aka{"Bāmyān", "Bamiyan", "Bamian", "Bamyaan"}},
	{"AF-DAY", "Daykundi", aka{"Dāykundī", "Daikundi", "Daykondi", "Daikondi", "Day Kundi"}},
	{"AF-FRA", "Farah", aka{"Farāh"}},
	{"AF-FYB", "Faryab", aka{"Fāryāb", "Fariab"}},
	{"AF-GHA", "Ghazni", aka{"Ghaznī", "Ghazna"}},
	{"AF-GHO", "Ghor", aka{"Ghōr", "Ghowr", "Ghur"}},
	{"AF-HEL", "Helmand", aka{"Hilmand"}},
	{"AF-HER", "Herat", aka{"Herāt", "Hirat"}},
	{"AF-JOW", "Jowzjan", aka{"Jowzjān", "Jawzjan", "Jozjan", "Jouzjan"}},
	{"AF-KAB", "Kabul", aka{"Kābul", "Kaabul"}},
	{"AF-KAN", "Kandahar", aka{"Kandahār", "Qandahar", "Kandehar"}},
	{"AF-KAP", "Kapisa", aka{"Kāpīsā"}},
	{"AF-KHO", "Khost", aka{"Khōst", "Khowst", "Khust"}},
	{"AF-KNR", "Kunar", aka{"Kunaṟ", "Konar", "Kunarh"}},
	{"AF-KDZ", "Kunduz", aka{"Kondoz", "Qunduz", "Konduz", "Kundooz"}},
	{"AF-LAG", "Laghman", aka{"Laghmān", "Lagman"}},
	{"AF-LOG", "Logar", aka{"Lōgar", "Lowgar"}},
	{"AF-NAN", "Nangarhar", aka{"Nangarhār", "Ningarhar", "Nangrahar"}},
	{"AF-NIM", "Nimroz", aka{"Nīmrōz", "Nimruz", "Nimrooz"}},
	{"AF-NUR", "Nuristan", aka{"Nūristān", "Nurestan", "Nooristan"}},
	{"AF-PIA", "Paktia", aka{"Paktiyā", "Paktiya", "Paktya"}},
	{"AF-PKA", "Paktika", aka{"Paktīkā"}},
	{"AF-PAN", "Panjshir", aka{"Panjshayr", "Panjsher", "Panjshēr", "Panjsheer"}},
	{"AF-PAR", "Parwan", aka{"Parwān", "Parvan"}},
	{"AF-SAM", "Samangan", aka{"Samangān"}},
	{"AF-SAR", "Sar-e Pul", aka{"Sar-e Pol", "Sar-i-Pul", "Sari Pul", "Sar-e-Pul", "Saripul", "Sar-i Pul"}},
	{"AF-TAK", "Takhar", aka{"Takhār"}},
	{"AF-URU", "Uruzgan", aka{"Uruzgān", "Oruzgan", "Urozgan", "Orozgan"}},
	{"AF-WAR", "Wardak", aka{"Maidan Wardak", "Maydan Wardak", "Wardag", "Vardak"}},
	{"AF-ZAB", "Zabul", aka{"Zābul", "Zabol"}},

	// India: 28 states and 8 union territories (2023 codes; the superseded ones among the aliases).
	{"IN-AN", "Andaman and Nicobar Islands", aka{"Andaman and Nicobar", "Andaman & Nicobar Islands", "A&N Islands"}},
	{"IN-AP", "Andhra Pradesh", aka{"Andhra"}},
	{"IN-AR", "Arunachal Pradesh", aka{"Arunachal"}},
	{"IN-AS", "Assam", aka{"Asom"}},
	{"IN-BR", "Bihar", nil},
	{"IN-CG", "Chhattisgarh", aka{"Chattisgarh", "Chhatisgarh", "Chattishgarh", "Chhattishgarh", "IN-CT"}},
	{"IN-CH", "Chandigarh", nil},
	{"IN-DH", "Dadra and Nagar Haveli and Daman and Diu", aka{"DNHDD", "DNH and DD", "Dadra and Nagar Haveli", "Daman and Diu", "IN-DN", "IN-DD"}},
	{"IN-DL", "Delhi", aka{"NCT of Delhi", "National Capital Territory of Delhi", "New Delhi", "NCT"}},
	{"IN-GA", "Goa", nil},
	{"IN-GJ", "Gujarat", aka{"Gujrat"}},
	{"IN-HP", "Himachal Pradesh", aka{"Himachal"}},
	{"IN-HR", "Haryana", aka{"Hariyana"}},
	{"IN-JH", "Jharkhand", aka{"Jharkand"}},
	{"IN-JK", "Jammu and Kashmir", aka{"J&K", "Jammu & Kashmir", "Jammu-Kashmir"}},
	{"IN-KA", "Karnataka", nil},
	{"IN-KL", "Kerala", aka{"Keralam"}},
	{"IN-LA", "Ladakh", nil},
	{"IN-LD", "Lakshadweep", aka{"Laccadive Islands", "Lakshadweep Islands"}},
	{"IN-MH", "Maharashtra", aka{"Maharastra"}},
	{"IN-ML", "Meghalaya", nil},
	{"IN-MN", "Manipur", nil},
	{"IN-MP", "Madhya Pradesh", nil},
	{"IN-MZ", "Mizoram", nil},
	{"IN-NL", "Nagaland", nil},
	{"IN-OD", "Odisha", aka{"Orissa", "IN-OR"}},
	{"IN-PB", "Punjab", aka{"Panjab"}},
	{"IN-PY", "Puducherry", aka{"Pondicherry", "Puduchery"}},
	{"IN-RJ", "Rajasthan", aka{"Rajastan"}},
	{"IN-SK", "Sikkim", nil},
	{"IN-TN", "Tamil Nadu", aka{"Tamilnad"}},
	{"IN-TR", "Tripura", nil},
	{"IN-TS", "Telangana", aka{"Telengana", "Telagana", "IN-TG"}},
	{"IN-UK", "Uttarakhand", aka{"Uttaranchal", "Uttrakhand", "IN-UT"}},
	{"IN-UP", "Uttar Pradesh", nil},
	{"IN-WB", "West Bengal", aka{"Paschimbanga", "Paschim Banga", "Pashchimbanga", "Paschim Bengal", "WB"}},

	// Cambodia: 24 provinces (khaet) and the capital Phnom Penh. ISO romanisation in the aliases.
	{"KH-1", "Banteay Meanchey", aka{"Bântéay Méanchey", "Banteay Mean Chey", "Banteay Mean Choăy"}},
	{"KH-2", "Battambang", aka{"Batdambang", "Baat Dambang", "Bat Dambang"}},
	{"KH-3", "Kampong Cham", aka{"Kâmpóng Cham", "Kompong Cham", "Kampong Chaam"}},
	{"KH-4", "Kampong Chhnang", aka{"Kâmpóng Chhnăng", "Kompong Chhnang"}},
	{"KH-5", "Kampong Speu", aka{"Kâmpóng Spœ", "Kompong Speu", "Kampong Spueu"}},
	{"KH-6", "Kampong Thom", aka{"Kâmpóng Thum", "Kompong Thom", "Kampong Thum"}},
	{"KH-7", "Kampot", aka{"Kâmpôt"}},
	{"KH-8", "Kandal", aka{"Kândal", "Kandaal"}},
	{"KH-9", "Koh Kong", aka{"Kaôh Kong", "Kaoh Kong", "Koh Kung"}},
	{"KH-10", "Kratie", aka{"Kratié", "Krâchéh", "Kracheh"}},
	{"KH-11", "Mondulkiri", aka{"Môndól Kiri", "Mondol Kiri", "Mondolkiri", "Mondul Kiri"}},
	{"KH-12", "Phnom Penh", aka{"Phnum Pénh", "Phnum Penh", "Phnom Penh Capital"}},
	{"KH-13", "Preah Vihear", aka{"Preăh Vihéar", "Preah Vihar"}},
	{"KH-14", "Prey Veng", aka{"Prey Vêng", "Prey Veaeng"}},
	{"KH-15", "Pursat", aka{"Pouthisat", "Poŭthĭsăt", "Pousaat"}},
	{"KH-16", "Ratanakiri", aka{"Rôtânôkiri", "Rotanak Kiri", "Ratanak Kiri", "Rattanakiri", "Ratanakkiri"}},
	{"KH-17", "Siem Reap", aka{"Siemréab", "Siem Reab", "Siemreap"}},
	{"KH-18", "Preah Sihanouk", aka{"Krŏng Preăh Sihanouk", "Sihanoukville", "Kampong Som", "Kompong Som"}},
	{"KH-19", "Stung Treng", aka{"Stœng Trêng", "Stueng Traeng", "Steung Treng", "Stoeng Treng"}},
	{"KH-20", "Svay Rieng", aka{"Svay Riĕng", "Svaay Rieng"}},
	{"KH-21", "Takeo", aka{"Takêv", "Takev", "Taakaev"}},
	{"KH-22", "Oddar Meanchey", aka{"Otdâr Méanchey", "Otdar Mean Chey", "Oddar Mean Chey", "Otdar Meanchey"}},
	{"KH-23", "Kep", aka{"Krŏng Kêb", "Kaeb", "Keb", "Krong Kep"}},
	{"KH-24", "Pailin", aka{"Krŏng Pailĭn", "Krong Pailin"}},
	{"KH-25", "Tbong Khmum", aka{"Tbong Khmŭm", "Tboung Khmum", "Tboung Khmoum"}},

	// Bangladesh: the 8 divisions (bibhag). ISO also lists the 64 districts (BD-01..BD-64)
	// as a second level below them; those are not here.
	{"BD-A", "Barishal", aka{"Barisal"}},
	{"BD-B", "Chattogram", aka{"Chittagong", "Chottogram"}},
	{"BD-C", "Dhaka", aka{"Dacca"}},
	{"BD-D", "Khulna", nil},
	{"BD-E", "Rajshahi", nil},
	{"BD-F", "Rangpur", nil},
	{"BD-G", "Sylhet", nil},
	{"BD-H", "Mymensingh", aka{"Maimansingh", "Mymensing"}},

	// Nepal: the 7 provinces (pradesh) of the 2015 constitution, known by number until named.
	{"NP-P1", "Koshi", aka{"Koshi Pradesh", "Kosi", "Province No. 1", "Province 1", "Pradesh No. 1", "Pradesh 1"}},
	{"NP-P2", "Madhesh", aka{"Madhesh Pradesh", "Madhes", "Madhesh Province", "Province No. 2", "Province 2", "Pradesh No. 2", "Pradesh 2"}},
	{"NP-P3", "Bagmati", aka{"Bagmati Pradesh", "Province No. 3", "Province 3", "Pradesh No. 3", "Pradesh 3"}},
	{"NP-P4", "Gandaki", aka{"Gandaki Pradesh", "Province No. 4", "Province 4", "Pradesh No. 4", "Pradesh 4"}},
	{"NP-P5", "Lumbini", aka{"Lumbini Pradesh", "Province No. 5", "Province 5", "Pradesh No. 5", "Pradesh 5"}},
	{"NP-P6", "Karnali", aka{"Karnali Pradesh", "Province No. 6", "Province 6", "Pradesh No. 6", "Pradesh 6"}},
	{"NP-P7", "Sudurpashchim", aka{"Sudurpashchim Pradesh", "Sudurpaschim", "Sudur Paschim", "Sudur Pashchim", "Far-Western", "Far West", "Province No. 7", "Province 7", "Pradesh No. 7", "Pradesh 7"}},

	// Pakistan: 4 provinces, the capital territory and the two administered territories.
	// The former Federally Administered Tribal Areas (PK-TA, merged in 2018) are in KP.
	{"PK-BA", "Balochistan", aka{"Baluchistan", "Balochistān"}},
	{"PK-GB", "Gilgit-Baltistan", aka{"Northern Areas", "GB"}},
	{"PK-IS", "Islamabad", aka{"Islamabad Capital Territory", "ICT"}},
	{"PK-JK", "Azad Jammu and Kashmir", aka{"Azad Kashmir", "AJK", "AJ&K", "Azad Jammu & Kashmir"}},
	{"PK-KP", "Khyber Pakhtunkhwa", aka{"Khyber Pakhtoonkhwa", "Pakhtunkhwa", "KPK", "NWFP", "North-West Frontier Province", "North West Frontier", "FATA", "Federally Administered Tribal Areas", "PK-TA"}},
	{"PK-PB", "Punjab", aka{"Panjab"}},
	{"PK-SD", "Sindh", aka{"Sind"}},

	// Myanmar: 7 regions, 7 states and the union territory of the capital.
	{"MM-01", "Sagaing", nil},
	{"MM-02", "Bago", aka{"Pegu"}},
	{"MM-03", "Magway", aka{"Magwe", "Magwai"}},
	{"MM-04", "Mandalay", nil},
	{"MM-05", "Tanintharyi", aka{"Tenasserim", "Taninthayi"}},
	{"MM-06", "Yangon", aka{"Rangoon"}},
	{"MM-07", "Ayeyarwady", aka{"Ayeyarwaddy", "Irrawaddy"}},
	{"MM-11", "Kachin", nil},
	{"MM-12", "Kayah", aka{"Karenni"}},
	{"MM-13", "Kayin", aka{"Karen"}},
	{"MM-14", "Chin", nil},
	{"MM-15", "Mon", nil},
	{"MM-16", "Rakhine", aka{"Arakan"}},
	{"MM-17", "Shan", nil},
	{"MM-18", "Nay Pyi Taw", aka{"Naypyidaw", "Naypyitaw", "Nay Pyi Taw Union Territory"}},
}

// provinceAliases are hand-curated spellings of subdivisions of the generated ISO table
// (iso3166_2.go), where people write another name than ISO's: English names of capitals,
// short forms.
var provinceAliases = map[string][]string{
	"TH-10":  {"Bangkok", "Bangkok Metropolis", "Krung Thep"},
	"PH-00":  {"Metro Manila", "NCR", "Manila"},
	"ID-JK":  {"Jakarta", "DKI Jakarta"},
	"MY-14":  {"Kuala Lumpur"},
	"VN-SG":  {"Ho Chi Minh", "Saigon", "HCMC"},
	"VN-HN":  {"Hanoi", "Ha Noi"},
	"MX-CMX": {"Mexico City", "CDMX"},
	// ISO writes the states' full official names; people write the short ones.
	"MX-MIC": {"Michoacán", "Michoacan"},
	"MX-COA": {"Coahuila"},
	"MX-VER": {"Veracruz"},
	"MX-MEX": {"Estado de México", "State of Mexico", "Edomex"},
	"KE-30":  {"Nairobi"},
	"NG-FC":  {"Abuja", "FCT"},
	"LK-1":   {"Western"},
	// Iran: the English names of the provinces registers write for Afghans' places abroad,
	// where ISO writes the Persian ("Sīstān va Balūchestān", "Khorāsān-e Raẕavī").
	"IR-11": {"Sistan and Baluchestan", "Sistan-Baluchestan", "Sistan Baluchestan", "Sistan o Baluchestan", "Sistan and Baluchistan"},
	"IR-09": {"Razavi Khorasan", "Khorasan Razavi", "Khorasan-e Razavi"},
	"IR-03": {"East Azerbaijan", "East Azarbaijan"},
	"IR-04": {"West Azerbaijan", "West Azarbaijan"},
	"IR-10": {"Isfahan", "Esfahan"},
	"IR-06": {"Khuzestan", "Khuzistan"},
	// Ethiopia: the regions as registers write them; ISO writes Amara, Tigrai, Benshangul-Gumaz,
	// "Gambela Peoples", "Harari People" and "Southern Nations, Nationalities and Peoples" (whose
	// Sidama and South West Ethiopia regions, of 2020 and 2021, are not in iso-codes 4.15).
	"ET-AM": {"Amhara", "Amhara Region", "Amhara National Regional State"},
	"ET-TI": {"Tigray", "Tigre"},
	"ET-OR": {"Oromiya", "Oromia Region"},
	"ET-BE": {"Benishangul-Gumuz", "Benishangul Gumuz", "Benishangul", "Beni Shangul"},
	"ET-GA": {"Gambela", "Gambella"},
	"ET-HA": {"Harari", "Harar"},
	"ET-SN": {"SNNPR", "SNNP", "Southern Nations", "Southern Nations Nationalities and Peoples"},
	"ET-SO": {"Somali Region", "Ethiopian Somali", "Ogaden"},
	"ET-AA": {"Addis Abeba", "Finfinne"},
	// Natural Earth's name and the English one; ISO writes the Ukrainian romanisation.
	"UA-43": {"Crimea", "Autonomous Republic of Crimea", "Republic of Crimea", "Krym"},
}

// exactProvinceNames are names whose designation says which of a city and the region of the
// same name around it is meant, where ISO 3166-2 codes both: LookupProvince reads them with
// the designation (it ignores a trailing "Region" or "City" elsewhere, which made "Almaty
// Region" the city KZ-ALA and "Kyiv Region" the city UA-30, and "Osh City" the region KG-O).
var exactProvinceNames = map[string][]string{
	"KZ-ALA": {"Almaty City"},
	"KZ-ALM": {"Almaty Region", "Almaty Province", "Almaty Oblast", "Almaty Oblysy", "Almatinskaya Oblast"},
	"UA-30":  {"Kyiv City", "Kiev City"},
	"UA-32":  {"Kyiv Region", "Kyiv Oblast", "Kyiv Province", "Kiev Region", "Kiev Oblast", "Kiev Province", "Kyivska Oblast"},
	"KG-GO":  {"Osh City"},
	"KG-O":   {"Osh Region", "Osh Oblast", "Osh Province"},
	"PE-LMA": {"Lima Province", "Metropolitan Lima", "Lima Metropolitana", "Provincia de Lima"},
	"PE-LIM": {"Lima Region", "Region de Lima", "Lima Department"},
	"MZ-MPM": {"Maputo City", "Cidade de Maputo"},
	"MZ-L":   {"Maputo Province", "Provincia de Maputo"},
	"LA-VT":  {"Vientiane Prefecture", "Vientiane Capital", "Vientiane City"},
	"LA-VI":  {"Vientiane Province"},
	"UZ-TK":  {"Tashkent City"},
	"UZ-TO":  {"Tashkent Region", "Tashkent Province"},
	"BG-22":  {"Sofia City", "Sofia-Grad"},
	"BG-23":  {"Sofia Province", "Sofia Region", "Sofia Oblast"},
	"RU-MOW": {"Moscow City"},
	"RU-MOS": {"Moscow Region", "Moscow Oblast"},
	// Lithuania: ISO names the district municipality around each city by the city's name.
	"LT-02": {"Alytus City"},
	"LT-15": {"Kaunas City"},
	"LT-20": {"Klaipėda City"},
	"LT-32": {"Panevėžys City"},
	"LT-43": {"Šiauliai City"},
	"LT-57": {"Vilnius City"},
	// Latvia: the municipality (novads) around a republican city.
	"LV-025": {"Daugavpils Region", "Daugavpils District", "Daugavpils Province"},
	"LV-041": {"Jelgava Region", "Jelgava District", "Jelgava Province"},
	"LV-042": {"Jēkabpils Region", "Jēkabpils District", "Jēkabpils Province"},
	"LV-077": {"Rēzekne Region", "Rēzekne District", "Rēzekne Province"},
	"LV-106": {"Ventspils Region", "Ventspils District", "Ventspils Province"},
	// Azerbaijan: ISO codes three cities (type Municipality) and the rayons around them by
	// one name, which alone is therefore refused (keyset drops a name given to two codes).
	"AZ-YE":  {"Yevlax City", "Yevlakh City"},
	"AZ-YEV": {"Yevlax Rayon", "Yevlakh Rayon", "Yevlakh District"},
	"AZ-LA":  {"Lənkəran City", "Lankaran City", "Lenkoran City"},
	"AZ-LAN": {"Lənkəran Rayon", "Lankaran Rayon", "Lankaran District", "Lenkoran Rayon", "Lenkoran District"},
	"AZ-SA":  {"Şəki City", "Shaki City", "Sheki City"},
	"AZ-SAK": {"Şəki Rayon", "Shaki Rayon", "Sheki Rayon", "Shaki District", "Sheki District"},
}

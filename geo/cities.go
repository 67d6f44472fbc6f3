package geo

// citySource names where the gazetteer of cities (cityData) comes from.
const citySource = "prevalence's hand-curated gazetteer of cities abroad (geo/cities.go)"

// CitySource names the gazetteer of cities LookupPlace reads (geo/cities.go), for the notices
// and the README.
func CitySource() string { return citySource }

// cityRow is one city of the gazetteer: the ISO 3166-2 code of the first-level subdivision it
// lies in, its usual English name and other spellings.
type cityRow struct {
	province string
	name     string
	aliases  []string
}

// cityData is a small gazetteer of cities that registers write as a place of exploitation
// abroad, where a province is asked (attack-2026-12-03f, finding 7: Quetta, Peshawar,
// Karachi, Lahore, Dubai, Riyadh, Mashhad and Isfahan were counted in the default country).
// A city here is read as lying in its country and province, even under another default
// country. Left out on purpose: names that another country's province or town has as well
// (Hyderabad is India's and Pakistan's; Zabol is Iran's and Afghanistan's Zabul), and the
// cities that are a province's own name in the tables already (Kabul, Herat, Kandahar, Dhaka,
// Phnom Penh): those are read as the provinces. TestCities checks that no name here is a
// country's, nor another country's province.
var cityData = []cityRow{
	// Pakistan
	{"PK-BA", "Quetta", aka{"Kwatah", "Koita"}},
	{"PK-KP", "Peshawar", aka{"Pekhawar"}},
	{"PK-SD", "Karachi", nil},
	{"PK-PB", "Lahore", nil},
	{"PK-IS", "Islamabad", nil},
	{"PK-PB", "Rawalpindi", aka{"Pindi"}},
	{"PK-PB", "Faisalabad", aka{"Lyallpur"}},
	{"PK-PB", "Multan", nil},
	{"PK-PB", "Gujranwala", nil},
	{"PK-PB", "Sialkot", nil},
	{"PK-KP", "Mardan", nil},
	{"PK-KP", "Abbottabad", nil},
	{"PK-SD", "Sukkur", nil},
	// Iran
	{"IR-23", "Tehran", aka{"Teheran"}},
	{"IR-09", "Mashhad", aka{"Mashad", "Meshed", "Mashhad City"}},
	{"IR-10", "Isfahan", aka{"Esfahan", "Ispahan"}},
	{"IR-07", "Shiraz", nil},
	{"IR-03", "Tabriz", nil},
	{"IR-30", "Karaj", nil},
	{"IR-06", "Ahvaz", aka{"Ahwaz"}},
	{"IR-11", "Zahedan", nil},
	{"IR-08", "Kerman", nil},
	{"IR-21", "Yazd", nil},
	{"IR-22", "Bandar Abbas", aka{"Bandar-e Abbas"}},
	// Türkiye
	{"TR-34", "Istanbul", nil},
	{"TR-06", "Ankara", nil},
	{"TR-35", "Izmir", nil},
	// The Gulf
	{"AE-DU", "Dubai", nil},
	{"AE-AZ", "Abu Dhabi", nil},
	{"AE-AZ", "Al Ain", nil},
	{"AE-SH", "Sharjah", nil},
	{"AE-AJ", "Ajman", nil},
	{"AE-RK", "Ras al-Khaimah", aka{"Ras al Khaimah"}},
	{"AE-FU", "Fujairah", nil},
	{"SA-01", "Riyadh", aka{"Riyad", "Ar Riyadh", "Al Riyadh"}},
	{"SA-02", "Jeddah", aka{"Jiddah", "Jidda", "Jedda"}},
	{"SA-02", "Mecca", aka{"Makkah"}},
	{"SA-02", "Taif", aka{"Ta'if", "At Taif"}},
	{"SA-03", "Medina", aka{"Madinah", "Al Madinah"}},
	{"SA-04", "Dammam", nil},
	{"SA-04", "Khobar", aka{"Al Khobar"}},
	{"QA-DA", "Doha", nil},
	{"KW-KU", "Kuwait City", nil},
	{"BH-13", "Manama", nil},
	{"OM-MA", "Muscat", nil},
	// India
	{"IN-MH", "Mumbai", aka{"Bombay"}},
	{"IN-MH", "Pune", aka{"Poona"}},
	{"IN-MH", "Nagpur", nil},
	{"IN-MH", "Thane", nil},
	{"IN-WB", "Kolkata", aka{"Calcutta"}},
	{"IN-WB", "Howrah", nil},
	{"IN-TN", "Chennai", aka{"Madras"}},
	{"IN-KA", "Bengaluru", aka{"Bangalore"}},
	{"IN-GJ", "Ahmedabad", nil},
	{"IN-GJ", "Surat", nil},
	{"IN-GJ", "Vadodara", aka{"Baroda"}},
	{"IN-RJ", "Jaipur", nil},
	{"IN-UP", "Lucknow", nil},
	{"IN-UP", "Kanpur", nil},
	{"IN-UP", "Agra", nil},
	{"IN-UP", "Varanasi", aka{"Benares", "Banaras"}},
	{"IN-UP", "Ghaziabad", nil},
	{"IN-UP", "Noida", nil},
	{"IN-MP", "Indore", nil},
	{"IN-MP", "Bhopal", nil},
	{"IN-BR", "Patna", nil},
	{"IN-PB", "Ludhiana", nil},
	{"IN-PB", "Amritsar", nil},
	{"IN-HR", "Gurugram", aka{"Gurgaon"}},
	{"IN-AP", "Visakhapatnam", aka{"Vizag"}},
	{"IN-TS", "Secunderabad", nil},
}

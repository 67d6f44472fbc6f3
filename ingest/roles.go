package ingest

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/prevalence/prevalence/schema"
)

// A register of the persons of each case (a police or prosecution register, an intake that
// records the child as victim or witness) gives each row's role in a column of its own: "Role",
// "Person type", "Involvement", "Rol", "Rôle", "Peran" = Victim | Witness | Suspect. Read
// without it, every witness and suspect is counted as an identified victim (attack-2026-12-04e
// S4). Files and sheets named for such people are refused by their names (statusFile); a column
// is judged by its values: victims beside other persons of a case refuse the input.

// roleNamed reports whether a dropped column's name may give a person's role in the case: the
// role names, and the status and case-type names (StatusColumn, caseTypeNamed: Primero's
// "child_status" = Victim | Witness, "Category" = Victim | Witness). A household roster's
// column ("Relationship", "Household member") and a beneficiary's ("Direct", "Indirect") are
// role columns too (attack-2026-12-05a T3).
func roleNamed(name string) bool {
	if seg, ok := groupQuestion(name, "/.:"); ok && roleNamed(seg) {
		return true
	}
	return roleWordNamed(name) || rosterNamed(name) || beneficiaryNamed(name) || StatusColumn(name) || caseTypeNamed(name)
}

// roleWordNamed reports whether a column's name is a role's own ("Role", "Person type",
// "Involvement", "What is this person's role in the case?"), or a beneficiary's type: of
// roleNamed's columns, the ones whose values name each row's person, so that a row naming
// another person is not a victim's even with no victim named beside it (Reader.roles).
func roleWordNamed(name string) bool {
	if seg, ok := groupQuestion(name, "/.:"); ok && roleWordNamed(seg) {
		return true
	}
	if beneficiaryNamed(name) {
		return true
	}
	switch fold(name) {
	case "role", "roles", "rol", "rôle", "peran", "papel", "persontype", "typeofperson", "personrole", "roleincase",
		"roleinthecase", "caserole", "involvement", "typeofinvolvement", "party", "partytype", "typeofparty",
		"relationshiptocase", "relationtocase", "relationshiptothecase", "capacity", "participant",
		"participanttype", "type", "persontypes", "tipodepersona", "tipopersona", "calidad", "calidaddelapersona",
		"condición", "condicion", "qualité", "qualite", "typedepersonne", "kedudukan", "jenisorang", "statusorang",
		"childstatus", "personstatus",
		// attack-2026-12-05a T2: the same words in the other languages, and "Person"
		"tipo", "jenis", "person", "persona", "pessoa", "personne", "orang", "identifiedas", "personidentifiedas",
		"tipodepessoa", "kind", "typeofparticipant", "rolinvolucrado", "involucrado":
		return true
	}
	// A role asked or named in more words: "Role of the person", "Person's role", "Rol en el
	// caso", "Peran dalam kasus", KoboToolbox's "What is this person's role in the case?"
	// (priv's note, session zh).
	ws := nameWords(name)
	if slices.ContainsFunc(ws, func(w string) bool { return roleWords[w] }) &&
		!slices.ContainsFunc(ws, func(w string) bool { return !roleWords[w] && !roleQuestionWords[w] }) {
		return true
	}
	return false
}

// roleWords name a person's role; roleQuestionWords the words around it in a column's name.
var (
	roleWords         = map[string]bool{"role": true, "rol": true, "rôle": true, "peran": true, "papel": true, "kedudukan": true}
	roleQuestionWords = map[string]bool{"what": true, "is": true, "this": true, "the": true, "of": true, "person": true, "s": true,
		"in": true, "case": true, "his": true, "her": true, "their": true, "en": true, "el": true, "caso": true, "la": true,
		"persona": true, "cuál": true, "cual": true, "es": true, "de": true, "do": true, "da": true, "no": true, "na": true,
		"pessoa": true, "qual": true, "é": true, "dans": true, "l": true, "affaire": true, "quel": true, "est": true, "le": true,
		"personne": true, "dalam": true, "kasus": true, "apa": true, "orang": true, "ini": true, "perkara": true, "party": true}
)

// rosterNamed reports whether a column gives each member's relationship to the case's person
// in a household roster: "Self" or "Index child" is the case's person, the others relatives.
func rosterNamed(name string) bool {
	switch fold(name) {
	case "relationship", "relation", "relationshiptohead", "relationshiptoindex", "relationshiptochild",
		"relationshiptovictim", "householdmember", "member", "membertype", "typeofmember", "hhmember",
		"parentesco", "relación", "relacion", "relação", "relacao", "lien", "liendeparenté", "liendeparente",
		"hubungan", "hubungankeluarga", "relationshiptohoh", "relationtohoh", "relationshipwithhoh", "relationtothehoh",
		"relationshiptothehoh", "relationshiptohhhead", "relationtohhhead":
		return true
	}
	// In more words: "Relation to child", "Relationship to HoH", "Relationship with the head of
	// household", "Parentesco con el jefe de hogar", "Hubungan dengan kepala keluarga" (ing29's
	// Left: read, a roster's "Self" beside "Mother" was no role word).
	ws := nameWords(name)
	return len(ws) > 1 && slices.ContainsFunc(ws, func(w string) bool { return rosterWords[w] }) &&
		!slices.ContainsFunc(ws, func(w string) bool { return !rosterWords[w] && !rosterToWords[w] })
}

// rosterWords name a relationship; rosterToWords whom it is to, and the words between.
var (
	rosterWords = map[string]bool{"relationship": true, "relation": true, "relationships": true, "parentesco": true,
		"relación": true, "relacion": true, "relação": true, "relacao": true, "lien": true, "hubungan": true}
	rosterToWords = map[string]bool{"to": true, "with": true, "the": true, "of": true, "head": true, "hoh": true, "hh": true,
		"household": true, "child": true, "victim": true, "index": true, "case": true, "respondent": true, "survivor": true,
		"beneficiary": true, "person": true, "member": true, "family": true, "con": true, "el": true, "la": true, "jefe": true,
		"jefa": true, "hogar": true, "de": true, "du": true, "chef": true, "ménage": true, "menage": true, "au": true,
		"à": true, "a": true, "com": true, "o": true, "chefe": true, "família": true, "familia": true, "dengan": true,
		"kepala": true, "keluarga": true, "rumah": true, "tangga": true, "anak": true, "korban": true, "niño": true,
		"nino": true, "enfant": true, "parenté": true, "parente": true}
)

// rosterHead reports whether a roster's value names its reference person: the head of the
// household ("Head", "HoH", "Household head", "Jefe de hogar", "Kepala keluarga"). Beside the
// head's relatives (Son, Wife) the rows are a household's members, not each a victim.
func rosterHead(v string) bool {
	switch fold(v) {
	case "head", "hoh", "hhhead", "householdhead", "headofhousehold", "headofhh", "headofthehousehold", "jefedehogar",
		"jefadehogar", "jefedelhogar", "jefadelhogar", "chefdeménage", "chefdemenage", "chefdefamille", "chefedefamília",
		"chefedefamilia", "kepalakeluarga", "kepalarumahtangga", "krt":
		return true
	}
	return false
}

// beneficiaryNamed reports whether a column says whether a person is a programme's direct
// beneficiary (the victim) or an indirect one (a relative).
func beneficiaryNamed(name string) bool {
	switch fold(name) {
	case "beneficiary", "beneficiarytype", "typeofbeneficiary", "beneficiario", "beneficiaria", "tipodebeneficiario",
		"bénéficiaire", "beneficiaire", "penerimamanfaat",
		// attack-2026-12-05e X3: the header in French, Indonesian, Portuguese
		"typedebénéficiaire", "typedebeneficiaire", "jenispenerimamanfaat", "tipodebeneficiário", "tipobeneficiario",
		"tipodebeneficiária", "tipodebeneficiaria", "beneficiarycategory", "categoryofbeneficiary":
		return true
	}
	return false
}

// unnamedColumn reports whether a column's name says nothing of what it holds ("", "Col7",
// "Column 7", "Field_7", "Q7", "7"), or only that it holds a label or a remark ("Notes",
// "Keterangan", "Designation": attack-2026-12-05a T2): its values alone may show a role, by a
// bare role word (roleIn).
func unnamedColumn(name string) bool {
	switch fold(name) {
	case "notes", "note", "remarks", "remark", "description", "label", "labels", "group", "designation", "nature",
		"keterangan", "catatan", "peranan", "observaciones", "observación", "observacion", "observações", "observacoes",
		"remarques", "tipodeparticipante", "tipoparticipante", "typedeparticipant", "comments", "comment", "details",
		"observation", "observations", "casenotes":
		return true
	}
	s := strings.TrimLeft(fold(name), "_")
	for _, p := range []string{"column", "col", "field", "var", "question", "q", "v"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = strings.TrimLeft(rest, "_")
			break
		}
	}
	return strings.Trim(s, "0123456789") == ""
}

// remarkNamed reports whether a column's name says it holds a caseworker's remarks ("Notes",
// "Remarks", "Keterangan": read as the narrative, or dropped): a register marks a duplicate,
// deleted or test record there by the remark alone ("Duplicate", "Deleted": attack-2026-12-05b
// U1), which leaves the row out (rejects).
func remarkNamed(name string) bool {
	// KoboToolbox's "_tags", a reviewer's labels on a submission ("not_victim", "exclude"), as
	// its "_notes" are (attack-2026-12-06d D4, 06f): judged as a remark.
	if name == "_tags" || strings.HasSuffix(name, "/_tags") || strings.HasSuffix(name, "._tags") {
		return true
	}
	// KoboToolbox's export of a repeat group (a sheet per group, a row per entry: the persons of
	// a submission) copies its submission's "_notes" and "_tags" onto every row as
	// "_submission__notes" and "_submission__tags" (formpack's "_submission_" prefix): the
	// submission's notes are each of its persons' (ing41's Left).
	if name == "_submission__notes" || name == "_submission__tags" {
		return true
	}
	if supplementalRemark(name) {
		return true
	}
	// A KoboToolbox or ODK group's question ("case_details/Remarks", "victims/remarks", ODK
	// Central's "case-remarks", JSON's "case_info.remarks"), as the status checks read it
	// (attack-2026-12-05f Y1); not another person's group ("trafficker/notes").
	// Whoever filled the form writes of the case: "interviewer/remarks", "staff_use/notes" are
	// the case's remarks (ing33's review of zm's groupOtherWords).
	if seg, ok := groupQuestion(name, "/.:-"); ok && (!otherPersonGroup(name[:len(name)-len(seg)]) || staffGroup(name[:len(name)-len(seg)])) && remarkNamed(seg) {
		return true
	}
	switch fold(name) {
	case "notes", "note", "remarks", "remark", "comments", "comment", "casenotes", "observation", "observations",
		"keterangan", "catatan", "observaciones", "observación", "observacion", "observações", "observacoes",
		"remarques", "commentaires", "commentaire", "comentarios", "comentario", "comentários",
		"observação", "observacao", "comentário", "remarque", // singulars (attack-2026-12-05d, lows)
		// attack-2026-12-05e X5: a summary, additional information, Spanish and Portuguese notes
		"summary", "casesummary", "additionalinformation", "additionalinfo", "otherinformation", "furtherinformation",
		"notas", "nota", "informaciónadicional", "informacionadicional", "informaçõesadicionais", "informacoesadicionais",
		"resumen", "resumo", "résumé", "resume", "ringkasan", "informasitambahan",
		// attack-2026-12-05g Z2: the free text the README names, a supervisor's feedback
		"narrative", "casenarrative", "description", "casedescription", "details", "feedback", "narrativa", "descripción",
		"descripcion", "descrição", "descricao", "deskripsi", "narasi", "rincian",
		// attack-2026-12-06a A2: a case's background, an explanation, a reason, any other information
		"background", "casebackground", "explanation", "explanations", "reason", "reasons", "anyotherinformation",
		"anyotherinfo", "otherinfo", "otherdetails", "additionaldetails", "additionalnotes", "freetext", "antecedentes",
		"explicación", "explicacion", "razón", "razon", "latarbelakang", "alasan", "contexte", "raison",
		// attack-2026-12-06b B5: a case's history, a memo, extra information, "Other"; a finding, a
		// conclusion, a justification
		"casehistory", "history", "memo", "memos", "extrainfo", "extrainformation", "extradetails", "other", "others",
		"findings", "finding", "conclusion", "conclusions", "justification", "historial", "historia", "hallazgos",
		"conclusión", "justificación", "justificacion", "historique", "constatations", "riwayat", "temuan",
		"kesimpulan",
		// attack-2026-12-06c C3: Primero's free-text comments and flags
		"closurecomments", "caseplancomments", "protectionconcernsother", "flagmessage",
		// attack-2026-12-06d D3: a specification, an opinion, a recommendation
		"specify", "pleasespecify", "opinion", "recommendation", "recommendations", "staffopinion", "flagreason":
		return true
	}
	// In more words: "Remarks (optional)", "Other remarks", "Supervisor comments", "Remarks_1"
	// (attack-2026-12-05f Y1): a remark's word beside words of whose or which remark only.
	ws := nameWords(name)
	return len(ws) > 1 && slices.ContainsFunc(ws, func(w string) bool { return remarkNamed(w) || freeTextWords[w] }) &&
		!slices.ContainsFunc(ws, func(w string) bool {
			return !remarkNamed(w) && !freeTextWords[w] && !remarkByWords[w] && !remarkQualifiers[w] && strings.Trim(w, "0123456789") != "" &&
				!questionNumber(w) && w != "q"
		})
}

// freeTextWords name a free text in a header of several words beside remarkNamed's words
// ("unflag_message", "Staff opinion", "Please specify": attack-2026-12-06d D3).
var freeTextWords = map[string]bool{"specify": true, "specified": true, "opinion": true, "opinions": true,
	"recommendation": true, "recommendations": true, "message": true}

// remarkQualifiers say in which language, on which form's step or under which condition a
// remark is written (attack-2026-12-06d D3: "Remarks (if any)", "Remarks (English)",
// "Remarks_en", Primero's "referral_comments", "approval_comments", "flag_reason"); a word of
// another topic or person ("Medical notes", "Notes on family", "Trafficker remarks") is none.
var remarkQualifiers = map[string]bool{"if": true, "any": true, "applicable": true, "english": true, "en": true,
	"eng": true, "translated": true, "translation": true, "original": true, "local": true, "in": true, "please": true,
	"text": true, "field": true, "box": true, "question": true, "reviewer": true, "reviewers": true, "review": true,
	"reunification": true, "referral": true, "referrals": true, "interview": true, "approval": true, "approvals": true,
	"flag": true, "unflag": true, "verification": true, "assessment": true, "screening": true, "registration": true,
	"intake": true, "case": true, "plan": true, "investigation": true, "response": true, "team": true,
	"verifier": true, "approver": true, "screener": true, "the": true, "your": true, "enter": true, "write": true,
	"here": true, "free": true, "for": true, "with": true, "summary": true, "and": true}

// remarkByWords say whose or which remarks a column holds (remarkNamed).
var remarkByWords = map[string]bool{"optional": true, "other": true, "additional": true, "supervisor": true,
	"specify": true, "specified": true, // "Other (specify)", "Specify other" (attack-2026-12-06c C3)
	"supervisors": true, "supervisor's": true, "caseworker": true, "caseworkers": true, "case": true, "worker": true, "social": true,
	"staff": true, "general": true, "final": true, "further": true, "any": true, "extra": true, "internal": true, "officer": true,
	"s": true, "interviewer": true, "counsellor": true, "counselor": true, "manager": true, "otras": true, "otros": true,
	"adicionales": true, "lain": true, "lainnya": true, "autres": true, "outras": true, "de": true, "del": true, "la": true,
	"das": true, "dos": true, "des": true, "and": true, "générales": true, "generales": true, "générale": true, "generale": true,
	"tambahan": true, "finales": true, "adicional": true, "adicionais": true, "by": true, "from": true,
	// "Follow-up notes" (attack-2026-12-05g Z2): a denial of re-trafficking there is an outcome,
	// read ("Not a victim of re-trafficking", "Not trafficked again": remarkMark)
	"follow": true, "up": true, "followup": true, "seguimiento": true, "suivi": true, "acompanhamento": true,
	"monitoring": true, "visit": true, "visits": true}

// victimRoleWords name a victim among the persons of a case; otherRoleWords the others;
// relativeRoleWords a victim's relatives ("Parent of victim"); negationWords deny a role ("Not a
// victim").
var (
	victimRoleWords = map[string]bool{"victim": true, "victims": true, "víctima": true, "victima": true, "vítima": true,
		"vitima": true, "victime": true, "korban": true, "survivor": true, "vot": true, "sobreviviente": true,
		"sobrevivente": true, "survivante": true, "survivant": true, "penyintas": true,
		// a programme's word for its victims: "Beneficiary" beside "Guardian" (attack-2026-12-05c V8)
		"beneficiary": true, "beneficiaries": true, "beneficiario": true, "beneficiaria": true, "bénéficiaire": true,
		"beneficiaire": true, "beneficiário": true, "beneficiária": true,
		// the people an NGO serves, and a registration's principal beside its dependants
		// (attack-2026-12-05d W3)
		"client": true, "clients": true, "cliente": true, "clientes": true, "klien": true, "principal": true}
	// childRoleWords name the case's child when they are the whole value ("Child" beside
	// "Parent": attack-2026-12-05c V8); "Child of the suspect" is not a victim's word.
	childRoleWords = map[string]bool{"child": true, "minor": true, "niño": true, "niña": true, "nino": true, "nina": true,
		"menor": true, "enfant": true, "criança": true, "crianca": true, "anak": true}
	otherRoleWords = func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(`witness witnesses suspect suspects perpetrator perpetrators accused offender
			offenders trafficker traffickers recruiter broker exploiter employer parent parents guardian relative
			informant complainant reporter defendant
			testigo testigos sospechoso sospechosa imputado imputada acusado acusada perpetrador agresor tratante
			traficante reclutador denunciante
			testemunha suspeito suspeita acusado arguido aliciador
			témoin temoin suspect auteur prévenu prevenu accusé accuse trafiquant plaignant
			saksi pelaku tersangka terdakwa pelapor
			informante demandado demandada défendeur defendeur informateur`) {
			m[w] = true
		}
		return m
	}()
	relativeRoleWords = map[string]bool{"parent": true, "parents": true, "guardian": true, "relative": true, "mother": true,
		"father": true, "family": true, "padre": true, "madre": true, "familiar": true, "tutor": true, "mère": true, "père": true,
		"pai": true, "mãe": true, "mae": true, "ayah": true, "ibu": true, "wali": true, "keluarga": true,
		"sibling": true, "brother": true, "sister": true, "son": true, "daughter": true, "spouse": true, "husband": true,
		"wife": true, "uncle": true, "aunt": true, "grandparent": true, "grandmother": true, "grandfather": true,
		"hermano": true, "hermana": true, "irmão": true, "irmao": true, "irmã": true, "irma": true, "frère": true,
		"frere": true, "sœur": true, "soeur": true, "saudara": true, "kakak": true, "adik": true,
		// attack-2026-12-05c V8: who cares for the child
		"caregiver": true, "caregivers": true, "carer": true, "caretaker": true, "stepmother": true, "stepfather": true,
		"cousin": true, "grandma": true, "cuidador": true, "cuidadora": true, "tuteur": true, "tutrice": true,
		"responsable": true, "pengasuh": true, "orangtua": true,
		// attack-2026-12-05d W3: a household's members, dependants, foster carers, a mother's
		// everyday names
		"household": true, "dependent": true, "dependents": true, "dependant": true, "dependants": true, "foster": true,
		"mum": true, "mom": true, "mama": true, "mummy": true, "mommy": true, "dad": true, "daddy": true, "papa": true,
		"dependiente": true, "tanggungan": true,
		// "No es víctima según la familia" (attack-2026-12-05e X2); a family's group is
		// collectiveWords' in otherPersonGroup
		"familia": true, "famille": true, "família": true}
	negationWords = map[string]bool{"not": true, "non": true, "no": true, "bukan": true, "não": true, "nao": true}
	indirectWords = map[string]bool{"indirect": true, "indirecto": true, "indirecta": true, "indireto": true, "indireta": true,
		// "Secondary beneficiary": a relative (attack-2026-12-05d W3)
		"secondary": true, "secundario": true, "secundaria": true, "secundário": true, "secundária": true, "secondaire": true,
		"sekunder": true}
	// roleQualifiers may begin a role phrase ("Direct victim", "Indirect victim", "Primary
	// beneficiary": bareRole) without being a role
	roleQualifiers = map[string]bool{"direct": true, "directo": true, "directa": true, "direto": true, "direta": true,
		"primary": true, "main": true, "index": true, "primario": true, "primaria": true, "principal": true}
	// roleLinks join the words of a role phrase ("Mother of victim", "Victim's mother": bareRole)
	roleLinks = map[string]bool{"of": true, "the": true, "a": true, "s": true, "de": true, "du": true, "da": true, "do": true,
		"del": true, "la": true, "le": true, "dari": true, "si": true,
		// "Family member", "Household member", "Foster parent" (attack-2026-12-05d W3)
		"member": true, "members": true, "miembro": true, "membre": true, "membro": true, "anggota": true}
)

// personRole says whether a value of a role column names a victim (victim) or another person of
// the case (other); neither for a value that names no role ("", "Unknown", a form's other words).
// A victim who is a witness too ("Victim-witness", as prosecutions name them) is a victim; a
// victim's relative ("Parent of victim") and a denied victim ("Not a victim") are not. A
// complainant is the victim who complained, beside the informants and defendants of a court's
// register (attack-2026-12-05a T2).
func personRole(v string) (victim, other bool) {
	// "VoT" is one word ("Non-VoT", "Child of VoT": attack-2026-12-05e X3)
	ws := nameWords(strings.ReplaceAll(strings.ReplaceAll(v, "VoTs", "Vots"), "VoT", "Vot"))
	has := func(set map[string]bool) bool {
		return slices.ContainsFunc(ws, func(w string) bool { return set[w] })
	}
	vic, oth := has(victimRoleWords), has(otherRoleWords)
	// "Victim's child", "Child of the survivor": a victim's child, not the child victim
	// (attack-2026-12-05d W3); "Child victim" is one
	for i, w := range ws {
		if childRoleWords[w] && vic && (i > 0 && ws[i-1] == "s" || i+1 < len(ws) && (ws[i+1] == "of" || ws[i+1] == "de" || ws[i+1] == "dari")) {
			return false, true
		}
	}
	switch {
	case has(dependantWords) && vic && !slices.ContainsFunc(ws, func(w string) bool { return w == "s" || w == "of" || w == "de" || w == "dari" }):
		// "Infant victim", "Victim (newborn)": the victim is an infant; "Victim's baby", "Baby
		// of the victim" is not (ing32)
		return !has(relativeRoleWords) && !has(negationWords), has(relativeRoleWords) || has(negationWords)
	case has(relativeRoleWords), has(dependantWords), has(negationWords) && (vic || oth):
		return false, true
	case vic && has(indirectWords), len(ws) == 1 && indirectWords[ws[0]]: // "Indirect beneficiary", "Secondary": a relative
		return false, true
	case vic, len(ws) == 1 && childRoleWords[ws[0]]:
		return true, false
	case len(ws) == 1 && complainantWords[ws[0]]:
		return true, false
	}
	return false, oth
}

// dependantWords name a victim's baby, next of kin or a child accompanying her in a role
// column ("Victim's baby", "Next of kin", "Accompanying child": attack-2026-12-05e X3) and in
// a file's name ("babies.csv"); not relativeRoleWords, which a column of any name is judged by
// ("Infant" is an age group's value too).
var dependantWords = map[string]bool{"baby": true, "babies": true, "newborn": true, "newborns": true, "infant": true,
	"infants": true, "kin": true, "accompanying": true, "bebé": true, "bebe": true, "bayi": true, "nourrisson": true,
	"hijo": true, "hija": true, "hijos": true, "hijas": true, "filho": true, "filha": true, "filhos": true, "filhas": true}

// complainantWords name the person who complained: a victim among a court's parties.
var complainantWords = map[string]bool{"complainant": true, "denunciante": true, "plaignant": true, "plaignante": true,
	"queixoso": true, "queixosa": true, "pengadu": true}

// otherPersonGroup reports whether a KoboToolbox/ODK group path or a JSON object's path
// ("Trafficker", "group_perpetrator", "Caregiver details", "Head of household") names a person
// of the case other than its victim: a suspect, an informant, a relative. Its questions ("sex",
// "age", "date_of_birth", "nationality") are that person's, not the case's. A family's or a
// household's group (its address, its village) is not another person's. A complainant's group
// is, unless it names the victim too ("victim_complainant"): in a police report (an FIR) the
// complainant is often a parent, and "Complainant/Sex" was read as the victim's gender
// (attack-2026-12-05g Z4); a court's role column's "Complainant" is still the victim (personRole).
func otherPersonGroup(path string) bool {
	ws := nameWords(path)
	for i, w := range ws {
		switch {
		case complainantWords[w]:
			if !slices.ContainsFunc(ws, func(x string) bool { return victimRoleWords[x] }) {
				return true
			}
		case collectiveWords[w]:
		case (w == "partner" || w == "partners") && slices.ContainsFunc(ws, func(x string) bool {
			return x == "implementing" || x == "org" || x == "ngo" || x == "agency" || strings.HasPrefix(x, "organi")
		}):
			// "implementing_partner", "partner_organisation": an organisation, not a person
		case otherRoleWords[w], relativeRoleWords[w], groupOtherWords[w], w == "hoh", officialPerson(ws, i):
			return true
		case w == "head" && i+1 < len(ws) && slices.ContainsFunc(ws[i+1:], func(x string) bool { return collectiveWords[x] }):
			return true // "Head of household", "head_of_family"
		case w == "orang" && i+1 < len(ws) && ws[i+1] == "tua":
			return true // "Orang tua": parents
		case (w == "social" || w == "case" || w == "field") && i+1 < len(ws) && (ws[i+1] == "worker" || ws[i+1] == "workers"),
			w == "case" && i+1 < len(ws) && (ws[i+1] == "manager" || ws[i+1] == "managers"),
			(w == "contact" || w == "focal") && i+1 < len(ws) && (ws[i+1] == "person" || ws[i+1] == "persons"),
			w == "principal" && (i+1 == len(ws) || ws[i+1] != "applicant"),
			w == "co" && i+1 < len(ws) && victimRoleWords[ws[i+1]],
			w == "focal" && i+1 < len(ws) && ws[i+1] == "point",
			w == "reported" && i+1 < len(ws) && ws[i+1] == "by",
			w == "emergency" && i+1 < len(ws) && (ws[i+1] == "contact" || ws[i+1] == "contacts"):
			// "Social_worker/Sex", "Focal_point/Sex", "Reported_by/Sex" (attack-2026-12-06a A3), "Emergency_contact/Sex" (06b B3);
			// "Case_manager/", "Contact_person/", "Principal/", "Co_victim/" (06c C2)
			return true
		}
	}
	return false
}

// groupOtherWords name, as a group's name, a person who is not the case's: the trade's other
// roles and whoever filled the form ("Agent/Sex", "Enumerator/Age", "group_perp":
// attack-2026-12-05f Y2). "Respondent" is not one: a survivor's interview names the survivor so.
var groupOtherWords = map[string]bool{"agent": true, "agents": true, "smuggler": true, "smugglers": true, "pimp": true,
	"pimps": true, "buyer": true, "buyers": true, "customer": true, "customers": true, "interviewer": true,
	"enumerator": true, "enumerators": true, "staff": true, "caseworker": true, "officer": true, "caller": true,
	"perp": true, "perps": true, "madam": true, "boss": true, "agente": true, "proxeneta": true, "entrevistador": true,
	"entrevistadora": true, "encuestador": true, "encuestadora": true, "enquêteur": true, "enqueteur": true,
	"proxénète": true, "proxenete": true, "passeur": true, "mucikari": true, "calo": true, "germo": true,
	"petugas": true, "pewawancara": true, "enumerador": true,
	// attack-2026-12-05g Z4: whoever supervised, translated or volunteered
	"supervisor": true, "supervisors": true, "supervisora": true, "superviseur": true, "coordinator": true,
	"volunteer": true, "volunteers": true, "interpreter": true, "translator": true, "voluntario": true, "voluntaria": true,
	"relawan": true, "penerjemah": true, "driver": true,
	// attack-2026-12-06b B3: a teacher, a doctor, a prosecutor, next of kin, an emergency
	// contact, a referrer, an escort, a psychologist and such
	"teacher": true, "teachers": true, "headteacher": true, "tutor": true, "mentor": true,
	// attack-2026-12-06c C2: a headmaster, an abuser, a classmate or a roommate
	"headmaster": true, "headmistress": true, "abuser": true, "abusers": true, "abductor": true, "exploiter": true,
	"classmate": true, "classmates": true, "roommate": true, "roommates": true, "flatmate": true, "colleague": true,
	"colleagues": true, "coworker": true, "workmate": true, "covictim": true,
	"doctor": true, "doctors": true, "physician": true, "nurse": true, "medic": true, "psychologist": true,
	"psychiatrist": true, "therapist": true, "prosecutor": true, "prosecutors": true, "judge": true, "magistrate": true,
	"attorney": true, "advocate": true, "paralegal": true, "kin": true, "nok": true, "referrer": true, "referee": true,
	"escort": true, "chaperone": true, "employer": true, "employers": true, "landlord": true, "landlady": true,
	"owner": true, "neighbour": true, "neighbor": true, "friend": true, "friends": true, "sponsor": true, "kafeel": true,
	"host": true, "headman": true, "chief": true, "elder": true, "imam": true, "priest": true, "pastor": true,
	"investigator": true, "inspector": true, "detective": true, "guard": true, "warden": true, "matron": true,
	"caretaker": true, "nanny": true, "maestro": true, "maestra": true, "profesor": true, "profesora": true,
	"médico": true, "medico": true, "médica": true, "medica": true, "doctora": true, "enfermera": true, "enfermero": true,
	"psicólogo": true, "psicologo": true, "psicóloga": true, "psicologa": true, "fiscal": true, "juez": true, "jueza": true,
	"enseignant": true, "enseignante": true, "médecin": true, "medecin": true, "infirmière": true, "infirmiere": true,
	"procureur": true, "juge": true, "employeur": true, "guru": true, "dokter": true, "perawat": true, "psikolog": true,
	"jaksa": true, "hakim": true, "majikan": true,
	// ing32's misses: a partner's, a guardian's (Spanish "Encargado"), parents' (Indonesian
	// "Orang tua", one word or two: otherPersonGroup)
	"partner": true, "partners": true, "pareja": true, "encargado": true, "encargada": true, "orangtua": true,
	"suami": true, "istri": true, "esposo": true, "esposa": true,
	// attack-2026-12-06a A3: whoever counselled, represented, rescued or reported the person
	"io": true, "counsellor": true, "counselor": true, "counsellors": true, "counselors": true, "lawyer": true,
	"lawyers": true, "police": true, "policeman": true, "policewoman": true, "rescuer": true, "rescuers": true,
	"reporter": true, "reporters": true, "socialworker": true, "abogado": true, "abogada": true, "policía": true,
	"policia": true, "polisi": true, "pengacara": true, "avocat": true, "conseiller": true, "consejero": true, "consejera": true,
	// attack-2026-12-06d D2: an armed group's commander, South Asia's broker (dalal), labour
	// contractor (sardar) and police station officer (SHO), a middleman, a manager, a child
	// welfare committee's member, a companion or a lover, the victim's own baby
	"commander": true, "commanders": true, "dalal": true, "dalals": true, "sardar": true, "sardars": true,
	"middleman": true, "middlemen": true, "contractor": true, "contractors": true, "manager": true, "managers": true,
	"shopkeeper": true, "mullah": true, "mullahs": true, "sho": true, "cwc": true, "companion": true, "companions": true,
	"boyfriend": true, "girlfriend": true, "lover": true, "baby": true, "babies": true, "infant": true, "infants": true,
	"newborn": true, "thekedar": true, "jamadar": true, "recruiters": true, "foreman": true,
	// ing44: the trade's go-betweens and lenders, a boat's master, a coach, a local authority
	// (still a list: an agent-noun rule would take the victim's own "survivor", "member",
	// "participant", "worker", "debtor": TestGroupNouns44)
	"handler": true, "handlers": true, "fixer": true, "fixers": true, "transporter": true, "transporters": true,
	"facilitator": true, "facilitators": true, "dealer": true, "dealers": true, "moneylender": true, "lender": true,
	"lenders": true, "creditor": true, "creditors": true, "madame": true, "captain": true, "skipper": true, "coach": true,
	"trainer": true, "chairman": true, "chairperson": true, "councillor": true, "councilor": true, "mayor": true,
	"soldier": true, "soldiers": true,
	// ing45: an official (a government's, a border's) is another person (English's "official"
	// also a thing's: officialPerson); staffWords too, so "Official/remarks" stays the case's
	"funcionario": true, "funcionarios": true, "funcionaria": true, "fonctionnaire": true, "fonctionnaires": true,
	"funcionário": true, "funcionária": true, "pejabat": true}

// officialPerson reports whether "official" at ws[i] names a person ("Official", "border_official",
// "officials/sex", "official_details") and not a thing ("for_official_use", "official_documents",
// "official_id"): the group's last word, or one only of its details after it.
func officialPerson(ws []string, i int) bool {
	if ws[i] != "official" && ws[i] != "officials" {
		return false
	}
	for _, x := range ws[i+1:] {
		switch x {
		case "details", "detail", "info", "information", "data", "profile":
		default:
			return false
		}
	}
	return true
}

// staffGroup reports whether a group's path names only whoever filled the form (groupOtherWords'
// staff: "interviewer", "staff_use", "Enumerator"), and no other person of the case: its
// person's questions are the staff's, its remarks the case's.
func staffGroup(path string) bool {
	ws := nameWords(path)
	return (slices.ContainsFunc(ws, func(w string) bool { return staffWords[w] }) || staffPair(ws)) &&
		!slices.ContainsFunc(ws, func(w string) bool {
			return otherRoleWords[w] || relativeRoleWords[w] || groupOtherWords[w] && !staffWords[w] && !(managerWord(w) && staffPair(ws)) || w == "hoh"
		})
}

// managerWord: "Case_manager" is staff (staffPair), a workplace's "Manager" another person.
func managerWord(w string) bool { return w == "manager" || w == "managers" }

// staffPair reports whether a group's words name, in two words, whoever worked on the case:
// "Social_worker", "Case_worker", "Field_worker", "Focal_point", "Reported_by", "Case_manager",
// "Focal_person" (staffGroup; attack-2026-12-06c C2).
func staffPair(ws []string) bool {
	for i := 0; i+1 < len(ws); i++ {
		w, x := ws[i], ws[i+1]
		if (w == "social" || w == "case" || w == "field") && (x == "worker" || x == "workers") || w == "focal" && x == "point" ||
			w == "reported" && x == "by" || w == "case" && (x == "manager" || x == "managers") || w == "focal" && x == "person" {
			return true
		}
	}
	return false
}

// staffWords are groupOtherWords' names of whoever filled the form or worked on the case: their
// sex and age are theirs, their remarks, dates and numbers the case's. Session zo's social
// workers, counsellors, IOs, police, lawyers, rescuers, focal points and reporters
// (attack-2026-12-06a A3) are among them: "IO/remarks", "Police/Remarks" = Not a victim were
// read and "Police/fir_number", "Police/date_of_rescue" dropped once their groups were another
// person's (ing35's review).
var staffWords = map[string]bool{"interviewer": true, "enumerator": true, "enumerators": true, "staff": true,
	"caseworker": true, "officer": true, "entrevistador": true, "entrevistadora": true, "encuestador": true,
	"encuestadora": true, "enquêteur": true, "enqueteur": true, "petugas": true, "pewawancara": true, "enumerador": true,
	// session zn's supervisors, coordinators, volunteers and interpreters: "coordinator/notes"
	// = Not a victim was read once zn dropped their groups (ing34's review)
	"supervisor": true, "supervisors": true, "supervisora": true, "superviseur": true, "coordinator": true,
	"volunteer": true, "volunteers": true, "interpreter": true, "translator": true, "voluntario": true, "voluntaria": true,
	"relawan": true, "penerjemah": true,
	"io": true, "counsellor": true, "counselor": true, "counsellors": true, "counselors": true, "lawyer": true,
	"lawyers": true, "police": true, "policeman": true, "policewoman": true, "rescuer": true, "rescuers": true,
	"reporter": true, "reporters": true, "socialworker": true, "abogado": true, "abogada": true, "policía": true,
	"policia": true, "polisi": true, "pengacara": true, "avocat": true, "conseiller": true, "consejero": true, "consejera": true,
	// session zp's professionals who examine, judge or defend the person (attack-2026-12-06b B3):
	// "Doctor/remarks", "Prosecutor/remarks", "Psychologist/findings" = Not a victim were read and
	// "Inspector/date_of_rescue" dropped once their groups were another person's (ing36's review)
	"doctor": true, "doctors": true, "physician": true, "nurse": true, "medic": true, "psychologist": true,
	"psychiatrist": true, "therapist": true, "prosecutor": true, "prosecutors": true, "judge": true, "magistrate": true,
	"attorney": true, "advocate": true, "paralegal": true, "investigator": true, "inspector": true, "detective": true,
	"warden": true, "matron": true, "escort": true, "chaperone": true, "médico": true, "medico": true, "médica": true,
	"medica": true, "doctora": true, "enfermera": true, "enfermero": true, "psicólogo": true, "psicologo": true,
	"psicóloga": true, "psicologa": true, "fiscal": true, "juez": true, "jueza": true, "médecin": true, "medecin": true,
	"infirmière": true, "infirmiere": true, "procureur": true, "juge": true, "dokter": true, "perawat": true,
	"psikolog": true, "jaksa": true, "hakim": true,
	// ing45: officials (officialPerson) and their words in the other languages
	"official": true, "officials": true, "funcionario": true, "funcionarios": true, "funcionaria": true,
	"fonctionnaire": true, "fonctionnaires": true, "funcionário": true, "funcionária": true, "pejabat": true}

// collectiveWords name a household or a family as a whole, whose group holds the case's own
// address as often as another person's details.
var collectiveWords = map[string]bool{"family": true, "familia": true, "famille": true, "família": true,
	"keluarga": true, "household": true, "hh": true}

// roleIn is personRole for a value of the column name (roleNamed or unnamedColumn): a roster's
// "Self" and "Index child" are the case's person, a beneficiary column's "Direct" the victim
// and "Indirect" a relative, a role column's letter "V" a victim and "W" a witness; a column
// named for nothing gives a role only by a bare role word or phrase ("Victim", "Witness",
// "Victim's mother": bareRole).
func roleIn(name, v string) (victim, other bool) {
	switch {
	case rosterNamed(name):
		if f := fold(v); f == "self" || f == "indexchild" || f == "indexcase" || f == "index" || f == "sendiri" || f == "diri" ||
			f == "elmismo" || f == "ellamisma" || f == "luimême" || f == "luimeme" || rosterHead(v) {
			// the roster's reference person, counted as the case's person beside its relatives
			return true, false
		}
		if f := fold(v); f == "grandchild" || f == "grandson" || f == "granddaughter" || f == "nephew" || f == "niece" ||
			f == "stepson" || f == "stepdaughter" || f == "cucu" || f == "nieto" || f == "nieta" || f == "nephew/niece" {
			return false, true
		}
	case beneficiaryNamed(name):
		switch strings.TrimSuffix(fold(v), "beneficiary") {
		case "direct", "directo", "directa", "direto", "direta", "langsung", "primary", "principal":
			return true, false
		case "indirect", "indirecto", "indirecta", "indireto", "indireta", "tidaklangsung", "secondary", "secundario",
			"secundaria", "secundário", "secundária", "secondaire", "sekunder":
			return false, true
		}
	case unnamedColumn(name):
		return bareRole(v)
	}
	switch strings.TrimSpace(v) {
	case "V", "v":
		return true, false
	case "W", "w":
		return false, true
	}
	return personRole(v)
}

// roles counts, for a kept row whose status (if any) is not "not", whether a dropped role
// column (roleNamed) names the row's person a victim or another person of the case, and, per
// column, whether any other dropped column holds a bare role word (roleBare) (Reader.roles). A
// layout's columns and their kinds are found once; a row of named cells (JSON) is looked at in
// its first rows of a chunk.
func (w *worker) roles() {
	look := func(name string, pos int, v string) bool {
		victim, other := roleIn(name, v)
		switch {
		case victim:
			w.res.roleVictims++
			if rosterNamed(name) && rosterHead(v) {
				w.res.roleHeads++
			}
		case other:
			if w.res.roleOthers == 0 {
				w.res.roleCol, w.res.rolePos = strings.Clone(name), pos
			}
			w.res.roleOthers++
		}
		return victim || other
	}
	named := true // until a role column named so has given the row's role
	switch {
	case w.raw.cells != nil:
		if w.res.kept >= 64 {
			return
		}
		for _, cl := range w.raw.cells {
			if cl.f >= 0 && cl.f != iNarrative || cl.val == "" {
				continue
			}
			switch roleKind(cl.col) {
			case roleByName:
				if named && look(cl.col, 0, cl.val) {
					named = false
				}
				if cl.f < 0 {
					w.res.bareRoles = typeLook(w.res.bareRoles, cl.col, 0, strings.TrimSpace(cl.val), typeNamed(cl.col))
				}
			case roleBare:
				w.res.bareRoles, _ = bareLook(w.res.bareRoles, cl.col, 0, strings.TrimSpace(cl.val), cl.f < 0)
			}
		}
	case w.lay != nil:
		if w.roleLay != w.lay {
			w.roleLay, w.roleCols, w.roleKinds, w.typeMiss = w.lay, w.roleCols[:0], w.roleKinds[:0], w.typeMiss[:0]
			w.roleTyped = w.roleTyped[:0]
			for j, f := range w.lay.fields {
				if (f < 0 || f == iNarrative) && j < len(w.lay.cols) {
					if k := roleKind(w.lay.cols[j]); k != roleNone {
						w.roleCols, w.roleKinds, w.typeMiss = append(w.roleCols, j), append(w.roleKinds, k), append(w.typeMiss, 0)
						w.roleTyped = append(w.roleTyped, typeNamed(w.lay.cols[j]))
					}
				}
			}
		}
		if len(w.roleCols) == 0 {
			return
		}
		for i, j := range w.roleCols {
			v, ok := w.layVal(j)
			if !ok {
				continue
			}
			if w.roleKinds[i] == roleBare {
				// case types only in a column of no field: a note's words are not read (U1). A
				// column whose first typeGiveUp values are no case type is none (cost).
				// After that, every typeSample-th value is still looked at, and a placeholder
				// ("Unknown", "N/A") is no miss: a register whose first rows' types were not
				// recorded is judged by its later ones (ing29's Left).
				v := strings.TrimSpace(v)
				miss := w.typeMiss[i]
				types := w.lay.fields[j] < 0 && (miss < typeGiveUp || miss%typeSample == 0)
				var typed bool
				w.res.bareRoles, typed = bareLook(w.res.bareRoles, w.lay.cols[j], j+1, v, types)
				switch {
				case typed:
					w.typeMiss[i] = -1
				case w.lay.fields[j] < 0 && v != "" && miss >= 0 && (miss >= typeGiveUp || !typeFiller(v)):
					w.typeMiss[i]++
				}
			} else {
				if named && look(w.lay.cols[j], j+1, strings.TrimSpace(v)) {
					named = false
				}
				if w.lay.fields[j] < 0 {
					w.res.bareRoles = typeLook(w.res.bareRoles, w.lay.cols[j], j+1, strings.TrimSpace(v), w.roleTyped[i])
				}
			}
		}
	}
}

// Kinds of dropped columns for a person's role (roleKind).
const (
	roleNone   byte = iota // a column of another person than the row's: "Reported by", "Referral source"
	roleByName             // roleNamed: its values read by roleIn
	roleBare               // any other column: a bare role word alone ("Victim", "Witness", "Korban") says a role
)

// roleKind says how a dropped column's values may give the row's person's role. Values decide
// whatever the header (attack-2026-12-05a T2: "Profile", "Sebagai" = Victim | Witness | Suspect
// were read): a column of any name holding a bare role word in some rows and another in others
// is a role column, but for a column whose name says it holds another person than the row's
// (a reporter, a referral's source, a respondent, a contact), where "Victim" beside "Parent"
// says who reported (measured: over the repository's testdata, the CTDC file and the 3,000-row
// synth, only such a column, csv-reported-by-not-role, was refused by the values alone).
func roleKind(name string) byte {
	switch {
	case unnamedColumn(name):
		return roleBare
	case roleNamed(name):
		return roleByName
	case otherPersonNamed(name):
		return roleNone
	}
	return roleBare
}

// otherPersonNamed reports whether a column's name says it holds another person than the
// row's: who reported, referred, answered, accompanied or is to be contacted.
func otherPersonNamed(name string) bool {
	for _, w := range nameWords(name) {
		switch w {
		case "by", "por", "par", "oleh", "from", "via", "who", "quien", "quién", "qui", "quem", "siapa":
			return true
		}
		for _, p := range []string{"report", "refer", "inform", "source", "fuente", "fonte", "respond", "interview", "entrevist",
			"contact", "contat", "call", "accompan", "acompa", "accomp", "denunc", "lapor", "rujuk", "signal", "consent", "sign",
			"guardian", "caregiver", "cuidador", "pendamping", "staff", "officer", "worker", "agent",
			// the head of the child's household, whom the child lives with: "Child" there is a
			// child-headed household beside "Mother" (ing30's review of zj's childRoleWords)
			"head", "hoh", "jefe", "jefa", "chef", "kepala", "living", "lives", "tinggal"} {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// bareRoles is a column's evidence of bare role words (roleBare).
type bareRoles struct {
	col             string
	pos             int
	victims, others int
	// rows whose value is a case's type (caseTypeValue): trafficking, or another listed one
	typeTraf, typeOther int
	// of typeOther, the rows of a listed type (caseTypeValue), not "Other"; named: the column's
	// name is a role's that is a type's too ("Type", "Tipo": typeLook)
	typeListed int
	named      bool
	// of a column named so, the rows whose value is a form of exploitation and no listed type
	// ("Forced labour", "Sexual exploitation"), and of typeListed those whose listed type is a
	// form too ("Child labour", "Child marriage"): a trafficking register's "Type" that gives the
	// form (formTypes)
	forms, listedForms int
	// of typeListed, the rows whose value names no known type (unknownType)
	unknown int
}

// typeGiveUp is how many values of a layout's column that are no case type make it none
// (worker.roles): a case-type column's values are types from its first rows.
const typeGiveUp = 200

// typeSample: past typeGiveUp misses, one value in typeSample is still looked at.
const typeSample = 64

// typeFiller reports whether a value says no case type was recorded: a placeholder, or
// "Unknown", "Other", "Pending" in the five languages.
func typeFiller(v string) bool {
	if missing(v) {
		return true
	}
	if len(v) > 16 {
		return false
	}
	switch fold(v) {
	case "unknown", "other", "others", "none", "pending", "notknown", "notrecorded", "notspecified", "tbd", "tbc",
		"desconocido", "desconocida", "otro", "otros", "ninguno", "pendiente", "inconnu", "inconnue", "autre", "autres",
		"aucun", "desconhecido", "desconhecida", "outro", "outros", "pendente", "tidakdiketahui", "lainnya", "lain",
		"belumdiketahui":
		return true
	}
	return false
}

// bareLook adds value v of roleBare column name (at pos) to evs, with its case type when
// types; typed says whether v was one.
func bareLook(evs []bareRoles, name string, pos int, v string, types bool) (_ []bareRoles, typed bool) {
	victim, other := bareRole(v)
	var traf, otherType bool
	if !victim && !other {
		if !types {
			return evs, false
		}
		if traf, otherType = caseTypeValue(v); !traf && !otherType {
			return evs, false
		}
	}
	i := slices.IndexFunc(evs, func(e bareRoles) bool { return e.col == name })
	if i < 0 {
		evs, i = append(evs, bareRoles{col: strings.Clone(name), pos: pos}), len(evs)
	}
	switch {
	case victim:
		evs[i].victims++
	case other:
		evs[i].others++
	case traf:
		evs[i].typeTraf++
	default:
		evs[i].typeOther++
	}
	return evs, traf || otherType
}

// typeLook adds value v of a role column named so (roleByName: "Type", "Category") to evs when
// it is a case's type (typed: the column is typeNamed, so a value naming no known type counts
// too): "Type" = Trafficking | Domestic violence is a register of several case
// types, whatever the header also says of roles (attack-2026-12-05e X4).
func typeLook(evs []bareRoles, name string, pos int, v string, typed bool) []bareRoles {
	traf, other := caseTypeValue(v)
	other = other || vagueType(v)
	form := exploitationForm(v)
	unknown := !traf && !other && !form && typed && unknownType(v)
	if !traf && !other && !form && !unknown {
		return evs
	}
	i := slices.IndexFunc(evs, func(e bareRoles) bool { return e.col == name })
	if i < 0 {
		evs, i = append(evs, bareRoles{col: strings.Clone(name), pos: pos}), len(evs)
	}
	evs[i].named = true
	switch {
	case traf:
		evs[i].typeTraf++
	case unknown:
		// a value naming no known type counts as another type (attack-2026-12-07g G1)
		evs[i].typeListed++
		evs[i].typeOther++
		evs[i].unknown++
	case other && !vagueType(v):
		evs[i].typeListed++
		if form {
			evs[i].listedForms++
		}
		evs[i].typeOther++
	case other:
		evs[i].typeOther++
	default:
		evs[i].forms++
	}
	return evs
}

// typeNamed reports whether a column's name is a case type's own: caseTypeNamed's, or a role's
// name that is a type's too ("Type", "Tipo", "Jenis", "Kind"), whose values are a short closed
// world (unknownType).
func typeNamed(name string) bool {
	k := fold(name)
	switch k {
	case "type", "types", "tipo", "jenis", "kind", "typedecas":
		return true
	case "case":
		return false // "Case" = Open, Closed or a number: no type's name alone
	}
	// not a referral's source, a programme, a service, a concern or a reason: their values
	// are no case types (caseTypeNamed reads them for the listed types only)
	for _, w := range []string{"refer", "référ", "deriva", "rujuk", "encaminh", "orient", "program", "projet", "project",
		"proyect", "proyek", "servic", "layanan", "vulnera", "kerentanan", "issue", "problem", "masalah", "motiv", "motif",
		"reason", "alasan", "admission", "ingreso", "entrada", "atenci", "concern", "preocupa", "préoccupa", "preoccupa"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	return caseTypeNamed(name)
}

// unknownType reports whether a value of a column named for the case's type (typeNamed) names
// no form of trafficking or exploitation the standards know, no listed other type, no role and
// no placeholder: "Fraud", "Cheating", "Dowry", "Love affair", "Salary not paid", "Abduction
// case" (attack-2026-12-07g G1: each was counted as a victim). A Type column's values are few;
// rather than list every other type, one not known is refused (Reader.caseTypesOnly). "Missing"
// and "Desaparecido" there are a missing person's case as often as an empty value: unknown too.
func unknownType(v string) bool {
	v = strings.TrimSpace(v)
	switch k := fold(v); {
	case k == "missing" || k == "desaparecido" || k == "desaparecida" || k == "disparu" || k == "disparue" || k == "hilang":
		return true
	case v == "" || missing(v) || typeFiller(v) || vagueType(v) || typeScopes[k]:
		return false
	}
	if traf, other := caseTypeValue(v); traf || other || traffickingType(v) || exploitationForm(v) {
		return false
	}
	if victim, other := bareRole(v); victim || other {
		return false
	}
	if fl := exploitationFlags(v); fl[5] && !fl[6] {
		return false // forms of exploitation, one or a list ("Forced labour; Sexual")
	}
	// a form in more words: "Abduction for sexual exploitation", "Forced domestic servitude"
	k := fold(v)
	for _, w := range []string{"exploit", "explot", "eksploit", "forced", "forzad", "forzos", "forcé", "force", "forçad",
		"paksa", "servitud", "servidumbre", "servidão", "servidao", "slaver", "esclav", "escrav", "bonded", "prostitu"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	return true
}

// typeScopes are the folded words a trafficking register's Type column writes for the kind of
// trafficking or of its person, not a case's type: internal or cross-border (HTCDS's and CTDC's
// domestic/transnational), adult or child, in the five languages; and the commercial sexual
// exploitation of children's abbreviations (CSEC, ESCNNA).
var typeScopes = map[string]bool{"internal": true, "domestic": true, "crossborder": true, "transnational": true,
	"international": true, "external": true, "incountry": true, "national": true, "regional": true, "interno": true,
	"interna": true, "transfronterizo": true, "transfronteriza": true, "internacional": true, "interne": true,
	"transfrontalier": true, "transfrontalière": true, "dalamnegeri": true, "luarnegeri": true, "lintasnegara": true,
	"csec": true, "cseca": true, "escnna": true, "esci": true, "esca": true, "adult": true, "adults": true, "child": true, "children": true, "minor": true, "minors": true, "adulto": true,
	"adulta": true, "menor": true, "adulte": true, "mineur": true, "mineure": true, "dewasa": true, "anak": true}

// exploitationForm reports whether a value of a column named for a type is a form of
// exploitation ("Forced labour", "Sexual exploitation", "Child labour", "Child marriage").
func exploitationForm(v string) bool {
	k := fold(v)
	if _, ok := exploitationLabels[k]; ok && !vagueType(v) {
		return true
	}
	switch k {
	case "childlabour", "childlabor", "worstformsofchildlabour", "worstformsofchildlabor", "trabajoinfantil",
		"travaildesenfants", "trabalhoinfantil", "pekerjaanak":
		return true
	}
	return false
}

// formTypes reports whether a column named for a type ("Type", "Tipo", "Jenis") gives the form
// of exploitation, not the case's type: it holds a form that is no listed type ("Forced
// labour", "Sexual exploitation") and its listed types are forms too ("Child labour", "Child
// marriage"). A trafficking register's "Type" = Child labour | Forced labour | Sexual
// exploitation was refused as a register of other case types (ing33's rule: a loss of use);
// beside "Neglect" or "Domestic violence" it still is.
func (e bareRoles) formTypes() bool {
	return e.forms > 0 && e.listedForms == e.typeListed
}

// vagueType reports whether a value of a column named for the case's type is "Other" (or its
// words in the five languages): beside "Trafficking" the column may hold cases of another type,
// which only the organisation knows (attack-2026-12-05e X4's "Trafficking|Other").
func vagueType(v string) bool {
	switch fold(v) {
	case "other", "others", "othertype", "othercase", "othercases", "otro", "otros", "otra", "otras", "otrotipo", "autre", "autres",
		"outro", "outros", "outra", "outras", "lainnya", "lain", "lainlain", "misc", "miscellaneous":
		return true
	}
	return false
}

// joinBare adds a chunk's evidence o to evs.
func joinBare(evs, o []bareRoles) []bareRoles {
	for _, e := range o {
		i := slices.IndexFunc(evs, func(x bareRoles) bool { return x.col == e.col })
		if i < 0 {
			evs = append(evs, e)
			continue
		}
		evs[i].victims += e.victims
		evs[i].others += e.others
		evs[i].typeTraf += e.typeTraf
		evs[i].typeOther += e.typeOther
		evs[i].typeListed += e.typeListed
		evs[i].forms += e.forms
		evs[i].listedForms += e.listedForms
		evs[i].unknown += e.unknown
		evs[i].named = evs[i].named || e.named
	}
	return evs
}

// bareRole is personRole for a value that is one bare role word ("Victim", "Witness", "Ibu")
// or a phrase of role words ("Victim's mother", "Mother of the victim": attack-2026-12-05c V8),
// neither for any other value. Most values of a dropped column (names, dates, numbers) are
// told apart without splitting them into words.
func bareRole(v string) (victim, other bool) {
	if len(v) > 32 {
		return false, false
	}
	v = strings.Trim(v, " .,;:!?()[]'\"*/-_")
	var b [32]byte
	if v == "" {
		return false, false
	}
	ascii, n := true, len(v)
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z':
			b[i] = c
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == ' ' || c == '\'':
			if n == len(v) { // a phrase: its first word must be a role's
				n = i
			}
		case c < 0x80:
			return false, false // a digit, a sign inside: not a role
		default:
			ascii = false
		}
	}
	if f := string(b[:n]); ascii && !roleWord(f) && !negationWords[f] && !(n < len(v) && (indirectWords[f] || roleQualifiers[f])) {
		return false, false
	}
	if !roleWordsOnly(v) { // "Caseworker فاطمه": no split into words
		return false, false
	}
	ws := nameWords(v)
	if len(ws) > 1 && len(v) <= 32 {
		// a role phrase ("Victim's mother", "Mother of the victim", "Indirect victim"), not a
		// text or a name
		role := false
		for _, w := range ws {
			switch {
			case roleWord(w):
				role = true
			case !negationWords[w] && !roleLinks[w] && !indirectWords[w] && !roleQualifiers[w]:
				return false, false
			}
		}
		if !role {
			return false, false
		}
		return personRole(v)
	}
	if len(ws) != 1 || !roleWord(ws[0]) {
		return false, false
	}
	return personRole(v)
}

// roleWordsOnly reports whether every word of v as nameWords splits it is a role word, a
// negation or a role phrase's link (bareRole), without allocating (a word of up to 32 bytes): a
// value of a dropped column whose first word is no role's is none (synth's
// "Caseworker" + a name in Arabic script, a quarter of the canonical CSV's rows, split a row).
func roleWordsOnly(v string) bool {
	var buf [32]byte
	start := -1
	var prev rune
	word := func(end int) bool {
		// strings.ToLower's runes (unicode.ToLower each), in buf
		b := buf[:0]
		for _, r := range v[start:end] {
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				b = append(b, byte(r))
			} else {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
		}
		k := string(b) // on the stack up to 32 bytes: k does not escape
		return roleWord(k) || negationWords[k] || roleLinks[k] || indirectWords[k] || roleQualifiers[k]
	}
	for i, r := range v {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			if start >= 0 && !word(i) {
				return false
			}
			start = -1
		case unicode.IsUpper(r) && start >= 0 && (unicode.IsLower(prev) || unicode.IsUpper(prev) && lowerNext(v[i:])):
			// nameWords' capital after a small letter, or before one after a capital
			if !word(i) {
				return false
			}
			start = i
		default:
			if start < 0 {
				start = i
			}
		}
		prev = r
	}
	return start < 0 || word(len(v))
}

// lowerNext reports whether the rune after s's first is a lower-case letter (nameWords' next).
func lowerNext(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	r, m := utf8.DecodeRuneInString(s[n:])
	return m > 0 && unicode.IsLower(r)
}

// roleWord reports whether w is one of the role word lists' (personRole).
func roleWord(w string) bool {
	return victimRoleWords[w] || otherRoleWords[w] || relativeRoleWords[w] || childRoleWords[w]
}

// caseTypeValue reports whether a value of a dropped column is a case's type, as a register of
// several types writes it whole: trafficking (traffickingType) or another type of otherCaseTypes
// ("KDRT", "Child protection", "Street child"). Values decide whatever the header, as for role
// words (attack-2026-12-05b U5: "Kasus" = TPPO | KDRT, "Service area", "Risk" were read); only
// a listed other type counts, so a column of exploitation forms beside "Trafficking" does not.
// Most values (names, dates, numbers, free text) are told apart without folding them.
func caseTypeValue(v string) (traf, other bool) {
	if len(v) < 2 || len(v) > 60 {
		return false, false
	}
	// a label with its abbreviation in brackets: "Child in Conflict with Law (CICL)" (attack-2026-12-06c C5)
	if i := strings.LastIndexByte(v, '('); i > 0 && strings.HasSuffix(v, ")") && abbreviation(v[i+1:len(v)-1]) {
		t1, o1 := caseTypeValue(strings.TrimSpace(v[:i]))
		t2, o2 := caseTypeValue(v[i+1 : len(v)-1])
		return t1 || t2, (o1 || o2) && !(t1 || t2)
	}
	// a type with what it is of after it, as child-welfare registers write it: "CICL - theft",
	// "CICL/theft", "Child in conflict with law - theft", "Missing child (found)": the type is
	// its head (attack-2026-12-06d D5), unless the rest names trafficking
	if i := strings.IndexAny(v, "/:(-–"); i > 0 && (v[i] != '-' || i+1 < len(v) && v[i-1] == ' ' && v[i+1] == ' ') {
		if t1, o1 := caseTypeValue(strings.TrimSpace(v[:i])); o1 && !t1 {
			if t2, _ := caseTypeValue(strings.Trim(v[i+1:], " )-–")); !t2 && !traffickingType(v) {
				return false, true
			}
		}
	}
	if len(v) > 40 {
		return false, false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; '0' <= c && c <= '9' || c == '@' || c == '/' && i > 0 && i < len(v)-1 && v[i-1] >= '0' && v[i-1] <= '9' {
			return false, false
		}
	}
	var b [40]byte
	n := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z':
			b[n], n = c, n+1
		case 'A' <= c && c <= 'Z':
			b[n], n = c+'a'-'A', n+1
		case c >= 0x80:
			// not ASCII: the slow way, for Latin letters only (a case type of the five
			// languages; a value in another script, a name, is none)
			for _, r := range v {
				if r >= 0x250 {
					return false, false
				}
			}
			if otherCaseTypes[fold(v)] {
				return false, true
			}
			return traffickingType(v), false
		}
	}
	k := b[:n]
	if otherCaseTypes[string(k)] {
		return false, true
	}
	// traffickingType on ASCII, without splitting into words (allocation-free)
	if bytes.Contains(k, []byte("traffick")) || bytes.Contains(k, []byte("perdagangan")) {
		smuggling := bytes.Contains(k, []byte("smuggl")) || bytes.Contains(k, []byte("contrabando")) || bytes.Contains(k, []byte("penyelundupan"))
		return !smuggling, false
	}
	if bytes.Contains(k, []byte("smuggl")) {
		return false, false // "Smuggling: TIP case"? not a trafficking type (traffickingType)
	}
	for start := 0; start < len(v); {
		end := start
		for end < len(v) && isASCIILetter(v[end]) {
			end++
		}
		switch w := v[start:end]; {
		case strings.EqualFold(w, "trata"), strings.EqualFold(w, "traite"), strings.EqualFold(w, "tppo"), strings.EqualFold(w, "vot"),
			strings.EqualFold(w, "vots"), strings.EqualFold(w, "ht"), strings.EqualFold(w, "tip"), strings.EqualFold(w, "trafico"),
			// counter-trafficking's abbreviations (attack-2026-12-05e X4: "Programme" = CT | DV)
			strings.EqualFold(w, "ct"), strings.EqualFold(w, "ctip"), strings.EqualFold(w, "ahtu"):
			return true, false
		}
		start = end + 1
	}
	return false, false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// otherCaseTypes are the folded whole values that name a case's type other than trafficking in
// a child-protection, GBV or helpline register (statusPhrases' R6 words, as values), in the five
// languages: neglect, violence, abuse, child labour, street children, child marriage, runaways,
// smuggling, missing children.
var otherCaseTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(`theft|custodydispute|childcustody|labourdispute|labordispute|`+ // ing44
		// ing45, by the standards: a kidnapping or an abduction is a means or a trafficker's role
		// (Palermo art. 3, HTCDS per_RoleInProcess "Kidnapper", CTDC's IP_ControlAbuseKidnap), not
		// a form of exploitation (HTCDS vic_TypeOfExploitation): as a case's type, an offence of
		// its own; unpaid wages a labour complaint (ILO's indicator of forced labour, not a form);
		// a migrant and a disability Primero's protection concerns beside "Trafficked/smuggled"
		`kidnapping|kidnap|kidnapped|kidnappedchild|childkidnapping|abduction|abducted|abductedchild|childabduction|`+
		`secuestro|secuestrodemenores|rapto|enlèvement|enlevement|enlèvementdenfant|enlevementdenfant|rapt|sequestro|`+
		`penculikan|penculikananak|wagetheft|unpaidwages|unpaidwage|unpaidsalary|unpaidsalaries|nonpaymentofwages|`+
		`wageclaim|wagedispute|salarydispute|salariosimpagos|salarioimpago|salariosnopagados|robodesalario|`+
		`salairesimpayés|salairesimpayes|salaireimpayé|salaireimpaye|saláriosatrasados|salariosatrasados|`+
		`upahtidakdibayar|gajitidakdibayar|economicmigrant|economicmigrants|irregularmigrant|irregularmigrants|`+
		`labourmigrant|labormigrant|migranteeconómico|migranteeconomico|migrantéconomique|migranteconomique|`+
		`migranteeconômico|migranekonomi|disability|disabilities|disabled|childwithdisability|childrenwithdisabilities|`+
		`personwithdisability|personswithdisabilities|pwd|discapacidad|personacondiscapacidad|handicap|handicapé|`+
		`handicape|situationdehandicap|deficiência|deficiencia|pessoacomdeficiência|disabilitas|penyandangdisabilitas|`+
		`difabel|onlineabuse|ovc|`+
		// ing46, whole values of more words, by the same standards: a kidnapping for ransom (an
		// offence for money, no exploitation's purpose: not Palermo art. 3's), a child's abduction
		// (ing45's "Child abduction" written out), a disability's support or services (Primero's
		// "Disabled" concern and its services). "Missing" alone is no type (ing38: pandas', R's and
		// SPSS's placeholder for an empty value; no standard lists it): read as before.
		`kidnappingforransom|kidnapforransom|ransomkidnapping|kidnappedforransom|abductionforransom|`+
		`secuestroextorsivo|secuestroporrescate|secuestroextorsivoconrescate|enlèvementcontrerançon|enlevementcontrerancon|`+
		`extorsãomediantesequestro|extorsaomediantesequestro|sequestropararesgate|penculikanuntuktebusan|`+
		`abductionofachild|abductionofchild|abductionofchildren|abductionofaminor|abductionofminor|kidnappingofachild|`+
		`kidnappingofchild|kidnappingofchildren|childabductionbyparent|parentalabduction|parentalchildabduction|`+
		`sustracciondemenores|sustraccióndemenores|raptodemenor|raptodemenores|secuestrodemenor|enlèvementdemineur|`+
		`enlevementdemineur|sequestrodecriança|sequestrodecrianca|raptodecriança|raptodecrianca|subtraçãodemenores|`+
		`subtracaodemenores|disabilitysupport|disabilityservices|disabilityservice|disabilitycase|disabilitycare|`+
		`apoyopordiscapacidad|apoyoadiscapacidad|soutienhandicap|apoiodeficiência|apoiodeficiencia|`+
		`neglect|gbv|sgbv|dv|childprotection|cp|childlabour|childlabor|streetchild|streetchildren|`+
		`childmarriage|earlymarriage|domesticviolence|runaway|runaways|runawaychild|missingchild|missingchildren|missingperson|`+
		`smuggling|migrantsmuggling|abuse|childabuse|sexualabuse|physicalabuse|sexualviolence|physicalviolence|violence|`+
		`separatedchild|separatedchildren|unaccompaniedchild|unaccompaniedminor|orphan|childinconflictwiththelaw|cicl|`+
		`childinconflictwithlaw|childreninconflictwiththelaw|childreninconflictwithlaw|juvenileoffender|juveniledelinquent|`+
		`juveniledelinquency|childoffender|`+ // attack-2026-12-06b B2
		`juvenileinconflictwithlaw|juvenileinconflictwiththelaw|juvenilesinconflictwithlaw|childinconflict|ccl|`+
		`childincontactwithlaw|childincontactwiththelaw|childrenincontactwithlaw|cncp|childinneedofcareandprotection|`+
		`childreninneedofcareandprotection|eloped|elopement|`+ // attack-2026-12-06c C5
		`juvenilejustice|ipv|intimatepartnerviolence|rape|sexualassault|genderbasedviolence|childnotintrafficking|`+
		`kdrt|pelecehan|pelecehanseksual|kekerasan|kekerasanseksual|kekerasanfisik|kekerasananak|penelantaran|perkawinananak|`+
		`pernikahananak|anakjalanan|pekerjaanak|anakberhadapandenganhukum|abh|penyelundupanmanusia|`+
		`negligencia|abandono|violenciadoméstica|violenciadomestica|violenciaintrafamiliar|violenciasexual|abusosexual|`+
		`maltrato|maltratoinfantil|matrimonioinfantil|trabajoinfantil|niñosdelacalle|ninosdelacalle|situaciondecalle|`+
		`situacióndecalle|tráficodemigrantes|traficodemigrantes|violenciadegénero|violenciadegenero|`+
		`négligence|negligence|maltraitance|violencedomestique|violenceconjugale|violencesexuelle|mariageprécoce|`+
		`mariageprecoce|mariagedesenfants|travaildesenfants|enfantsdesrues|enfantdesrues|traficdemigrants|`+
		`violênciadoméstica|violenciadoméstica|trabalhoinfantil|abusosexualinfantil|criançasderua|criancasderua|`+
		`casamentoinfantil|negligência|contrabandodemigrantes|`+
		// attack-2026-12-06d D5: the same types in their abbreviations and other words, and a
		// migrant's, a missing or abandoned child's, an abuse's, an addiction's categories
		`jcl|cnsp|childinneedofspecialprotection|childreninneedofspecialprotection|missingchild|lostchild|`+
		`ranaway|runawaygirl|runawayboy|childlivingonthestreet|childrenlivingonthestreet|abandonedchild|abandoned|`+
		`destitute|destitutechild|pocso|pocsocase|childsexualabuse|csa|migrant|returnee|returnees|deportee|deportees|`+
		`refugee|refugees|asylumseeker|uasc|uam|unaccompaniedandseparatedchildren|smuggled|smuggledmigrant|stateless|`+
		`drugaddict|drugabuse|substanceabuse|addiction|beggar|beggars|childbeggar|juvenile|juveniles|cicl`, "|") {
		m[w] = true
	}
	return m
}()

// roles refuses an input while a dropped column (roleColumn) names some rows' persons victims
// and others witnesses, suspects, perpetrators or relatives (attack-2026-12-04e S4): read, those
// would be counted as identified victims. A status column does not settle it: a register of
// the persons of each case gives every person's row the case's status (attack-2026-12-05a T1).
func (r *Reader) roles() error {
	col, pos, victims, others := r.roleCol, r.rolePos, r.roleVictims, r.roleOthers
	// A column named for the role that names other persons beside blanks, and no victim
	// ("Role" = "Victim's child" on 10 rows of 40) is as certain (attack-2026-12-05f Y1): those
	// rows are not victims. A column of any other name (bareRoles) tells only beside victims.
	if others == 0 || victims == 0 && !roleWordNamed(col) || r.roleDropped(col) == "" {
		// a column the config drops by name: the user has said what the rows are
		i := slices.IndexFunc(r.bareRoles, func(e bareRoles) bool {
			return e.victims > 0 && e.others > 0 && r.roleDropped(e.col) != ""
		})
		if i < 0 {
			return nil
		}
		e := r.bareRoles[i]
		col, pos, victims, others = e.col, e.pos, e.victims, e.others
	}
	c, key := r.unreadKey(col, pos, "role")
	how := r.roleDropped(col)
	// a roster's head is its reference person, not named a victim (ing30's Left)
	victim := "a victim"
	if col == r.roleCol && r.roleHeads > 0 {
		victim = "a victim or the household's head (the roster's reference person, counted as the case's)"
		if r.roleHeads == victims {
			victim = "the household's head (the roster's reference person, counted as the case's)"
		}
	}
	if victims == 0 {
		return fmt.Errorf("%w: %s, %s, names another person of the case (a witness, a suspect, a perpetrator, a relative, a victim's child) in %d %s "+
			"and no row's person a victim: read, those would be counted as identified victims; export only the victims' rows, or, if every row's person is a victim, "+
			"map it onto drop under columns: ({%q: drop})",
			ErrNoStatus, c, how, others, agreeN(others, "row", "rows"), key)
	}
	if r.statuses > 0 {
		return fmt.Errorf("%w: %s, %s, names the person %s in %d %s and another person of the case "+
			"(a witness, a suspect, a perpetrator, a relative) in %d, while the rows record a trafficking status (the case's, not each person's): "+
			"read, those would be counted as identified victims; export only the victims' rows, or, if every row's person is a victim, map it onto drop "+
			"under columns: ({%q: drop})",
			ErrNoStatus, c, how, victim, victims, agreeN(victims, "row", "rows"), others, key)
	}
	return fmt.Errorf("%w: no row records a trafficking status, while %s, %s, names the person %s in %d %s and another person of the case "+
		"(a witness, a suspect, a perpetrator, a relative) in %d: read, those would be counted as identified victims; export only the victims, "+
		"or map it onto trafficking_status under columns: ({%q: trafficking_status}) with its spellings under values: {trafficking_status: {<victim>: actual, <witness>: not}}",
		ErrNoStatus, c, how, victim, victims, agreeN(victims, "row", "rows"), others, key)
}

// roleDropped says how the column col was left unread, for Reader.roles: mapping onto no
// field, or read as the narrative (not kept) by its name ("Notes", "Remarks": attack-2026-12-05b
// U1), not by the config's; "" for a column the config drops or maps by name (the user has
// said what the rows are).
func (r *Reader) roleDropped(col string) string {
	if f, by := r.Mapping.resolveAny(col); f == schema.Narrative && by != viaConfig {
		return "which is read as case notes (not kept)"
	}
	if slices.Contains(r.unknown, col) {
		return "which maps onto no field"
	}
	return ""
}

// abbreviation reports whether s is an abbreviation in capitals: 2 to 6 letters A-Z ("CICL",
// "CNCP"), as a label gives it in brackets after its words.
func abbreviation(s string) bool {
	return len(s) >= 2 && len(s) <= 6 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// questionNumber reports whether a header's word is a form's question number ("q15", "b3",
// "15"): at most two letters then digits. "Q15 Remarks" is a remark column (attack-2026-12-06c C3).
func questionNumber(w string) bool {
	d := strings.TrimLeft(w, "abcdefghijklmnopqrstuvwxyz")
	return len(w)-len(d) <= 2 && d != "" && strings.Trim(d, "0123456789") == ""
}

// supplementalRemark reports whether a column is KoboToolbox's transcript or translation of a
// remark question (its "_supplementalDetails", ing38's Left): "Not a victim" typed in English
// beside a remark written in Dari was dropped as a column mapping onto no field. The export
// names it "_supplementalDetails/remarks/translated_en" (or transcript_fa), the API's JSON
// {"_supplementalDetails": {"remarks": {"translation": {"en": {"value": ...}}}}}, flattened to
// "_supplementalDetails.remarks.translation.en.value": its other members (languageCode, dates)
// and the qualitative analysis' answers are no remark.
func supplementalRemark(name string) bool {
	const prefix = "_supplementalDetails"
	if len(name) <= len(prefix)+1 || !strings.HasPrefix(name, prefix) || name[len(prefix)] != '/' && name[len(prefix)] != '.' {
		return false
	}
	sep := name[len(prefix) : len(prefix)+1]
	segs := strings.Split(name[len(prefix)+1:], sep)
	for i, s := range segs {
		if i == 0 {
			continue
		}
		switch {
		case sep == "/" && i == len(segs)-1 && (strings.HasPrefix(s, "transcript_") || strings.HasPrefix(s, "translated_") ||
			strings.HasPrefix(s, "translation_")):
		case sep == "." && (s == "transcript" || s == "translation") && segs[len(segs)-1] == "value":
		default:
			continue
		}
		return remarkNamed(strings.Join(segs[:i], "/"))
	}
	return false
}

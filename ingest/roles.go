package ingest

import (
	"fmt"
	"slices"
	"strings"
)

// A register of the persons of each case (a police or prosecution register, an intake that
// records the child as victim or witness) gives each row's role in a column of its own: "Role",
// "Person type", "Involvement", "Rol", "Rôle", "Peran" = Victim | Witness | Suspect. Read
// without it, every witness and suspect is counted as an identified victim (attack-2026-12-04e
// S4). Files and sheets named for such people are refused by their names (statusFile); a column
// is judged by its values: victims beside other persons of a case refuse the input.

// roleNamed reports whether a dropped column's name may give a person's role in the case: the
// role names, and the status and case-type names (StatusColumn, caseTypeNamed: Primero's
// "child_status" = Victim | Witness, "Category" = Victim | Witness).
func roleNamed(name string) bool {
	if seg, ok := groupQuestion(name, "/.:"); ok && roleNamed(seg) {
		return true
	}
	switch fold(name) {
	case "role", "roles", "rol", "rôle", "peran", "papel", "persontype", "typeofperson", "personrole", "roleincase",
		"roleinthecase", "caserole", "involvement", "typeofinvolvement", "party", "partytype", "typeofparty",
		"relationshiptocase", "relationtocase", "relationshiptothecase", "relationship", "capacity", "participant",
		"participanttype", "type", "persontypes", "tipodepersona", "tipopersona", "calidad", "calidaddelapersona",
		"condición", "condicion", "qualité", "qualite", "typedepersonne", "kedudukan", "jenisorang", "statusorang",
		"childstatus", "personstatus":
		return true
	}
	return StatusColumn(name) || caseTypeNamed(name)
}

// victimRoleWords name a victim among the persons of a case; otherRoleWords the others;
// relativeRoleWords a victim's relatives ("Parent of victim"); negationWords deny a role ("Not a
// victim").
var (
	victimRoleWords = map[string]bool{"victim": true, "victims": true, "víctima": true, "victima": true, "vítima": true,
		"vitima": true, "victime": true, "korban": true, "survivor": true, "vot": true, "sobreviviente": true,
		"sobrevivente": true, "survivante": true, "survivant": true, "penyintas": true}
	otherRoleWords = func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(`witness witnesses suspect suspects perpetrator perpetrators accused offender
			offenders trafficker traffickers recruiter broker exploiter employer parent parents guardian relative
			informant complainant reporter defendant
			testigo testigos sospechoso sospechosa imputado imputada acusado acusada perpetrador agresor tratante
			traficante reclutador denunciante
			testemunha suspeito suspeita acusado arguido aliciador
			témoin temoin suspect auteur prévenu prevenu accusé accuse trafiquant plaignant
			saksi pelaku tersangka terdakwa pelapor`) {
			m[w] = true
		}
		return m
	}()
	relativeRoleWords = map[string]bool{"parent": true, "parents": true, "guardian": true, "relative": true, "mother": true,
		"father": true, "family": true, "padre": true, "madre": true, "familiar": true, "tutor": true, "mère": true, "père": true,
		"pai": true, "mãe": true, "mae": true, "ayah": true, "ibu": true, "wali": true, "keluarga": true}
	negationWords = map[string]bool{"not": true, "non": true, "no": true, "bukan": true, "não": true, "nao": true}
)

// personRole says whether a value of a role column names a victim (victim) or another person of
// the case (other); neither for a value that names no role ("", "Unknown", a form's other words).
// A victim who is a witness too ("Victim-witness", as prosecutions name them) is a victim; a
// victim's relative ("Parent of victim") and a denied victim ("Not a victim") are not.
func personRole(v string) (victim, other bool) {
	ws := nameWords(v)
	has := func(set map[string]bool) bool {
		return slices.ContainsFunc(ws, func(w string) bool { return set[w] })
	}
	vic, oth := has(victimRoleWords), has(otherRoleWords)
	switch {
	case has(relativeRoleWords), has(negationWords) && (vic || oth):
		return false, true
	case vic:
		return true, false
	}
	return false, oth
}

// roles counts, for a kept row without a status, whether a dropped role column (roleNamed)
// names the row's person a victim or another person of the case (Reader.roles). A layout's
// columns are found once; a row of named cells (JSON) is looked at in its first rows of a chunk.
func (w *worker) roles() {
	look := func(name string, pos int, v string) bool {
		victim, other := personRole(v)
		switch {
		case victim:
			w.res.roleVictims++
		case other:
			if w.res.roleOthers == 0 {
				w.res.roleCol, w.res.rolePos = strings.Clone(name), pos
			}
			w.res.roleOthers++
		}
		return victim || other
	}
	switch {
	case w.raw.cells != nil:
		if w.res.kept >= 64 {
			return
		}
		for _, cl := range w.raw.cells {
			if cl.f < 0 && cl.val != "" && roleNamed(cl.col) && look(cl.col, 0, cl.val) {
				return
			}
		}
	case w.lay != nil:
		if w.roleLay != w.lay {
			w.roleLay, w.roleCols = w.lay, w.roleCols[:0]
			for j, f := range w.lay.fields {
				if f < 0 && j < len(w.lay.cols) && roleNamed(w.lay.cols[j]) {
					w.roleCols = append(w.roleCols, j)
				}
			}
		}
		if len(w.roleCols) == 0 {
			return
		}
		vals := w.raw.vals
		if vals == nil && w.raw.line != "" {
			vals = strings.Split(w.raw.line, string(w.lay.delim)) // a line without quotes (doCSV)
		}
		for _, j := range w.roleCols {
			if j < len(vals) && look(w.lay.cols[j], j+1, strings.TrimSpace(vals[j])) {
				return
			}
		}
	}
}

// roles refuses an input no row of which records a trafficking status while a dropped column
// (roleNamed) names some rows' persons victims and others witnesses, suspects, perpetrators or
// relatives (attack-2026-12-04e S4): read, those would be counted as identified victims.
func (r *Reader) roles() error {
	if r.roleVictims == 0 || r.roleOthers == 0 || r.statuses > 0 || !slices.Contains(r.unknown, r.roleCol) {
		return nil // a column the config drops by name: the user has said what the rows are
	}
	c, key := columnKey(r.roleCol, r.rolePos, "role")
	return fmt.Errorf("%w: no row records a trafficking status, while %s, which maps onto no field, names the person a victim in %d %s and another person of the case "+
		"(a witness, a suspect, a perpetrator, a relative) in %d: read, those would be counted as identified victims; export only the victims, "+
		"or map it onto trafficking_status under columns: ({%q: trafficking_status}) with its spellings under values: {trafficking_status: {<victim>: actual, <witness>: not}}",
		ErrNoStatus, c, r.roleVictims, agreeN(r.roleVictims, "row", "rows"), r.roleOthers, key)
}

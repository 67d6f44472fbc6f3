package ingest

import (
	"fmt"
	"strings"
)

// Remedy returns the config setting (of the source's mapping) that would let rows quarantined
// for reason r be read, or what to check in the export when no setting can; "" when there is
// nothing to say. It names settings, never values.
func Remedy(r Rejection) string {
	f := r.Field
	switch reason := r.Reason; {
	case strings.HasSuffix(reason, "(a stray quote?)") || strings.HasPrefix(reason, "stray quote:"):
		return "correct the stray quote in the export (a quote at the start of a value opens a quoted value that runs to the next quote): " +
			"a quoted value may hold line breaks only in a column of free text (narrative, address, or a column mapped onto no field)"
	case strings.HasPrefix(reason, "has ") && strings.Contains(reason, "fields, header has"):
		return "the rows and the header have different numbers of fields: check the export's delimiter and quoting"
	case strings.HasPrefix(reason, "JSON too deep"):
		return "export the records without the deeply nested value (a line of NDJSON holds one record of fields)"
	case strings.HasPrefix(reason, "malformed JSON") || reason == "not one JSON value":
		return "correct the line in the export: NDJSON holds one JSON object per line"
	case reason == "malformed quoting":
		return "fix the quoting in the export (a quote inside an unquoted field, or one never closed)"
	case reason == errVocabulary.Error() && eventValuesKey(f) == "-":
		return fmt.Sprintf("write %s as the vocabulary has it (docs/outcomes.md)", f)
	case reason == errVocabulary.Error():
		if k := eventValuesKey(f); k != "" {
			f = k
		}
		return fmt.Sprintf("map the spellings onto the vocabulary under values: {%s: {<spelling>: <value>}}", f)
	case reason == errDate.Error() || reason == errDateOrder.Error():
		return "give the layout under date_formats: [...] (Go layout, e.g. \"02.01.06\"), or date_order: dmy or mdy"
	case reason == errDateNoDay.Error() && f == "date_of_birth":
		return "date_formats: cannot read a year alone into a date: where the register records only the year of birth, map the column onto drop under columns: " +
			"(and an age column, if the export has one, onto age); an age worked out from a year alone could be a year off, so none is"
	case reason == errDateNoDay.Error() && f == "registration_date":
		return "if the column holds only years, map it onto year_of_registration under columns:; a date with its day is read as registration_date"
	case reason == errDateNoDay.Error():
		return fmt.Sprintf("map the column onto drop under columns: if %s is recorded without its day", f)
	case reason == errDateCalendar.Error():
		return "convert the column's dates to the Gregorian calendar (1402/03/15 Solar Hijri is 2023-06-05) before the export is read (prevalence reads Gregorian dates only; date_order: does not apply)"
	case reason == errDateNepal.Error():
		return "convert the column's dates to the Gregorian calendar (2080-03-01 Bikram Sambat is 2023-06-15) before the export is read (prevalence reads Gregorian dates only; date_order: does not apply); if they are Gregorian dates in the future, correct them"
	case reason == errDateEthiopian.Error():
		return "convert the column's dates to the Gregorian calendar (2016-13-05 Ethiopian is 2024-09-10) before the export is read (prevalence reads Gregorian dates only)"
	case reason == errRegEpoch.Error():
		return "if the date means not recorded, write under values: registration_date: {<its spelling in the export>: \"\"}; if it is the registration date, list the spelling as itself there"
	case reason == errDateThai.Error():
		return "convert the column's dates to the Gregorian calendar (subtract 543 from the year: 2566-03-01 is 2023-03-01) before the export is read (prevalence reads Gregorian dates only)"
	case reason == errDateRange.Error() || reason == errYearRange.Error():
		return fmt.Sprintf("check that the column mapped onto %s holds that date (columns:), and date_order: for day/month", f)
	case reason == errCountryAmbiguous.Error():
		return fmt.Sprintf("write the country's ISO 3166-1 code or a name of one country only (%s), or map the spellings under values: {%s: {<spelling>: <ISO 3166-1 code>}}",
			ambiguousCountries(), f)
	case reason == errCountryAbbrev.Error():
		return fmt.Sprintf("map the spelling under values: {%s: {<spelling>: \"\"}} if it means unknown, not recorded or not applicable, or onto the country's ISO 3166-1 code if it is one; write the country again on each row where it repeats the row above (a ditto)", f)
	case reason == errStateless.Error():
		return fmt.Sprintf("map the spelling under values: {%s: {<spelling>: \"\"}} to count these people's citizenship as not recorded", f)
	case reason == errCountry.Error():
		return fmt.Sprintf("map the spellings under values: {%s: {<spelling>: <ISO 3166-1 code>}}", f)
	case reason == errProvince.Error():
		return fmt.Sprintf("map the spellings under values: {%s: {<spelling>: <ISO 3166-2 code>}}", f)
	case reason == errProvinceCountries.Error():
		return fmt.Sprintf("correct the row's country or its %s in the export; if the place column names where the person was taken and the country column something else, map the columns under columns: onto the fields they hold", f)
	case reason == errPlaceConflict.Error():
		return fmt.Sprintf("correct the place in the export, or map the spelling onto the place's full ISO 3166-2 code (or its country) under values: {%s: {<spelling>: <code, e.g. PK-BA>}}", f)
	case reason == errForeignCode.Error():
		return fmt.Sprintf("map the source's place codes under values: {%s: {<code>: <the province's full ISO 3166-2 code, e.g. KH-12>}}; codes are read as ISO 3166-2 codes only with their hyphen (KH-12)", f)
	case reason == errForeignProvince.Error():
		return fmt.Sprintf("to read it in that country, map the spelling onto the province's full ISO 3166-2 code under values: {%s: {<spelling>: <code, e.g. IN-WB>}}, or give the country in a column mapped onto %s",
			f, strings.Replace(f, "province", "country", 1))
	case reason == errProvinceOnly.Error():
		return fmt.Sprintf("give the country under defaults: {%s: <ISO code>}", strings.Replace(f, "province", "country", 1))
	case reason == errRequired.Error():
		return fmt.Sprintf("give a value under defaults: {%s: ...}, or remove it from required:", f)
	case reason == errNotNumber.Error() && f == "age":
		// CTDC's "9--17", a form's "Under 18" or "Minor/Adult" in the age column
		// (attack-2026-12-04e, lows): the fields that hold them.
		return "check that the column mapped onto age holds ages in whole years (columns:); a column of age bands (9-17, 18-20, Under 18) maps onto age_band, " +
			"one of Minor/Adult onto majority_status; or map the spellings under values: {age: ...}"
	case reason == errNotNumber.Error() || reason == errAgeRange.Error():
		return fmt.Sprintf("check that the column mapped onto %s holds it (columns:), or map the spellings under values: {%s: ...}", f, f)
	case reason == errBool.Error():
		return fmt.Sprintf("map the spellings under values: {%s: {<spelling>: yes}}", f)
	case reason == errMultiSelect.Error():
		return "map the option under values: {type_of_exploitation: {<option>: <label>}}, or set unknown_options: other"
	case reason == errDistrict.Error():
		return fmt.Sprintf("map the column onto drop under columns: if it is not a %s", f)
	case reason == errBand.Error():
		return fmt.Sprintf("check that the column mapped onto %s holds years or bands of years (columns:), or map the spellings under values: {%s: {<spelling>: <YYYY-YYYY>}}", f, f)
	case reason == errRegion.Error():
		return fmt.Sprintf("map the spellings under values: {%s: {<spelling>: <UN region>}}, or, if the column holds provinces, map it onto a province field under columns:", f)
	case reason == errPeriodContradicts.Error() || reason == errRegionContradicts.Error():
		return "the row's values contradict each other: check which columns are mapped onto the years and places (columns:)"
	case reason == errProvinceDitto.Error():
		return fmt.Sprintf("write the province on each row in the export (a ditto repeats the row above's, which a sort or a filter changes), or leave %s empty where it is not known", f)
	case reason == errAgeCentury.Error():
		return "leave the age empty where it is not known (a code is read as an age), or correct it in the export; if the column holds something else, map it under columns:"
	case reason == errBirthPlaceholder.Error() || reason == errBirthOld.Error() || reason == errBirthCentury.Error():
		return fmt.Sprintf("leave %s empty where it is not known (a placeholder is read as a date), or check that the column mapped onto it holds dates of birth (columns:)", f)
	case reason == errAgeDOB.Error() || reason == errBandDOB.Error():
		return "correct the age or the date of birth in the export (the age at registration follows from the date of birth), or check which columns are mapped onto them (columns:); " +
			"if the export's age is the age on the day it was made (Primero recalculates it every night), give that day under extracted: (YYYY-MM-DD)"
	case reason == errFormContradicts.Error() || reason == errFormUnnamed.Error():
		return fmt.Sprintf("correct the list of forms or the column mapped onto %s in the export, or map one of them onto drop under columns: if it is not kept up to date", f)
	case reason == errYearContradicts.Error():
		return "correct the year or the registration date in the export, or map the year's column onto drop under columns: if the registration date is the right one"
	case reason == errClosedNoCase.Error():
		return "none needed: the row is left out as its closure reason says it is no case; to read such rows anyway, map the closure reason's column under columns: (as drop)"
	case reason == errRepeatNoParent.Error() || reason == errRepeatNoParentJudged.Error():
		return "export the form's records and its repeat group together, unfiltered (a download filtered by date or status, or the group's sheet from another export, leaves a person's record out), or correct the row's _parent_index (_submission__id, PARENT_KEY) in the export"
	case reason == errRemarkNotVictim.Error():
		return "none needed: the row is left out as its remark says the person is not a victim of trafficking; if such rows are victims, correct the remark in the export, or map the remark column under columns: (as narrative or drop) to read every row as a case"
	case reason == errRemarkSayers.Error():
		return "none needed if the organisation's own finding is right: the row is left out as its remark says the organisation's own staff found the person not a victim where another (police, a partner) says victim; " +
			"if the person is a victim, correct the remark in the export, or map the remark column under columns: (as narrative or drop) to read every row as a case"
	case reason == errMarkedNoCase.Error():
		return "none needed: the row is left out as a column of the register marks it deleted, a test or not valid; to read such rows anyway, map that column under columns: (as drop)"
	case reason == errMarkUnread.Error():
		return "correct the mark in the export (yes or a date of deletion where the record is deleted, a test or not valid; no or empty where it is a case), or map that column under columns: (as drop) to read every row as a case"
	case reason == errInvalidRecord.Error():
		return "none needed: the row is left out as the case management system marks it invalid; to read such rows anyway, map record_state under columns: (as drop)"
	case reason == errRecordStateUnread.Error():
		return "correct record_state in the export (true for a valid record, false for an invalid one), or map record_state onto drop under columns: to read every row as a case"
	case reason == errDuplicateUnsure.Error():
		return "correct the mark in the export (duplicate true where the record duplicates the case it names, false where it does not), or map the column of marks onto drop under columns: ({duplicate: drop}) to read every row as a case"
	case reason == errDuplicateRecord.Error():
		return "none needed: the row is left out as the case management system marks it a duplicate of a case read; to read such rows as cases anyway, map the column of marks under columns: (duplicate: drop)"
	case reason == errMergedRecord.Error():
		return "none needed: the row is left out as the register marks it merged into a case read; to read such rows as cases anyway, map the merge column under columns: (as drop)"
	case reason == errRejectedSubmission.Error():
		return "none needed: the row is left out as its form server's reviewers decided; to read such rows anyway, map the review column under columns: (as drop)"
	case reason == errFormulaNoValue.Error():
		return "open the workbook in Excel or LibreOffice and save it (the formulas' values are then computed and stored), or write the values instead of formulas"
	case reason == ErrAfterExport.Error():
		return "none needed for a planned event (it is read once it has happened, from a later export); if it had happened, correct its date, or the entry's extracted: date (the day the export was made)"
	case reason == errHiddenRow.Error():
		return "if the hidden rows are cases, unhide them (clear the sheet's filter) and save the workbook; if they are not, delete them"
	case reason == errCountRow.Error():
		return "delete the row of totals from the export; if it is a case, record what else is known of it (a gender, a date, a place)"
	case reason == errTotalRow.Error():
		return "delete the rows of totals from the export (its counts are no cases); if the rows above them are counts per group too, export the register of cases instead"
	case reason == errNoValue.Error() || reason == errNoCase.Error():
		return "delete the row from the export if it is no case, or record what is known of the case"
	case reason == errChildAdult.Error():
		return "the row's values contradict each other: correct the gender or the age in the export, or check which columns are mapped onto them (columns:); " +
			"if the export writes boy and girl of adults too, map them under values: {gender: {<spelling>: male}}"
	case reason == errBirthAfter.Error() || reason == errBirthFuture.Error() || reason == errContradicts.Error():
		return "the row's values contradict each other: check which columns are mapped onto the dates and ages (columns:)"
	}
	return ""
}

// eventValuesKey returns the key under values: that maps the spellings of an event's field
// (EventReader's "placement.reason" is mapped under end_reason); "-" when no mapping is read
// (a service's implemented); "" for a field that is not an event's.
func eventValuesKey(f string) string {
	kind, name, ok := strings.Cut(f, ".")
	if !ok {
		return ""
	}
	switch name {
	case "reason":
		return "end_reason"
	case "type":
		return kind + "_type" // placement_type, service_type
	case "retrafficked":
		return "retrafficked"
	case "stage":
		return "legal_stage"
	case "disposition":
		return "legal_disposition"
	case "implemented":
		return "-"
	}
	return ""
}

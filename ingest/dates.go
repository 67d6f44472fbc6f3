package ingest

import "fmt"

// dateOrder is how numeric dates (03/04/2019) are read.
type dateOrder uint8

const (
	orderUnknown dateOrder = iota
	orderDMY               // day first: 31/12/2019
	orderMDY               // month first: 12/31/2019
)

func (o dateOrder) String() string {
	switch o {
	case orderDMY:
		return "dmy"
	case orderMDY:
		return "mdy"
	}
	return "unknown"
}

// parseDateOrder reads Mapping.DateOrder.
func parseDateOrder(s string) (dateOrder, error) {
	switch s {
	case "":
		return orderUnknown, nil
	case "dmy", "DMY", "day_first":
		return orderDMY, nil
	case "mdy", "MDY", "month_first":
		return orderMDY, nil
	}
	return orderUnknown, fmt.Errorf("date_order %q: want dmy (day first, 31/12/2019) or mdy (month first, 12/31/2019)", s)
}

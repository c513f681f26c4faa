// This example shows a parser settling a file's date order from its stamps.

package exportfile_test

import (
	"fmt"

	"cohesion/pipeline/exportfile"
)

func ExampleOrderVote() {
	// Read every date of the file first: only the third shows the order.
	var vote exportfile.OrderVote
	var stamps []exportfile.Stamp
	for line, field := range []string{"03/05/2026 6:00 PM", "", "24/03/2026 18:30"} {
		if field == "" {
			stamps = append(stamps, exportfile.Stamp{})
			continue
		}
		st, err := exportfile.ParseStamp(field, exportfile.Layout{})
		if err == nil {
			err = vote.See(st, line+1)
		}
		if err != nil {
			fmt.Println(exportfile.ErrorAt(line+1, 0, err))
			return
		}
		stamps = append(stamps, st)
	}
	order := vote.Order()
	fmt.Println(order)
	for _, st := range stamps {
		fmt.Println(st.Present(), st.Time(order).Format("2006-01-02 15:04"))
	}
	// Output:
	// day-first
	// true 2026-05-03 18:00
	// false 0001-01-01 00:00
	// true 2026-03-24 18:30
}

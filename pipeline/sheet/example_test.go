package sheet_test

import (
	"bytes"
	"fmt"
	"os"

	"cohesion/pipeline/sheet"
)

// A Zoom report opened in Excel and saved as a workbook holds its times as date serials; read
// through their number format, they are the text the CSV had, and the sheet is that CSV again.
func ExampleSheet_CSV() {
	data, err := os.ReadFile("../../testdata/xlsx/zoom_classic_block.xlsx")
	if err != nil || !sheet.IsWorkbook(data) {
		fmt.Println("no workbook:", err)
		return
	}
	sh, err := sheet.Read(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range bytes.SplitN(sh.CSV(1), []byte("\r\n"), 4)[:3] {
		fmt.Printf("%s\n", line)
	}
	// Output:
	// Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,
	// 812 3456 7890,Codependency intro - week 1,03/05/2026 05:58:12 PM,03/05/2026 07:34:40 PM,host@practice.example,97,9,
	// ,,,,,,,
}

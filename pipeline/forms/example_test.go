// These examples show a caller turning an export into instrument items and
// numbers, and printing a positioned error.

package forms_test

import (
	"fmt"

	"cohesion/pipeline/forms"
)

func ExampleParseGoogleForms() {
	data := []byte(`"Timestamp","Email Address","How connected do you feel to the group right now? (0-10)","Group Climate [GCQ_1 The members liked and cared about each other.]","Which group members did you connect with since the last session?"` + "\n" +
		`"2026/03/24 7:35:12 PM GMT-4","Alice.Smith@Example.org","8","4 - Quite a bit","Zoë Müller, Robin Lee"` + "\n")
	exp, err := forms.ParseGoogleForms(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range exp.Answers {
		fmt.Printf("line %d column %d: %s %s %s\n", a.Line, a.Column, a.Email, a.Submitted.Format("2006-01-02 15:04"), a.Zone)
		if instrument, item, ok := forms.MapHeader(a.Question); ok {
			n, _ := forms.NumericValue(a.Value, nil)
			fmt.Printf("  %s %s = %s\n", instrument, item, n)
			continue
		}
		fmt.Printf("  %q = %q\n", a.Question, a.Value)
	}
	// Output:
	// line 2 column 3: alice.smith@example.org 2026-03-24 19:35 GMT-4
	//   "How connected do you feel to the group right now? (0-10)" = "8"
	// line 2 column 4: alice.smith@example.org 2026-03-24 19:35 GMT-4
	//   gcqs gcq_1 = 4
	// line 2 column 5: alice.smith@example.org 2026-03-24 19:35 GMT-4
	//   "Which group members did you connect with since the last session?" = "Zoë Müller, Robin Lee"
}

func ExampleParseCodebook() {
	codebook := []byte("column,instrument,item,values\n" +
		"Q2_1,gcqs,gcq_1,Not at all=0;A little bit=1;Somewhat=2;Moderately=3\n")
	entries, err := forms.ParseCodebook(codebook)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := entries[0]
	n, ok := forms.NumericValue("Moderately", e.Values)
	fmt.Println(e.Column, e.Instrument, e.Item, n, ok)
	// Output:
	// Q2_1 gcqs gcq_1 3 true
}

func ExampleParseError() {
	data := []byte("Timestamp,Email Address,How connected do you feel to the group right now? (0-10)\n" +
		"2/30/2026 19:35:12,alice.smith@example.org,8\n")
	_, err := forms.ParseGoogleForms(data)
	fmt.Println(err)
	// Output:
	// line 2, column 1: impossible date "2/30/2026 19:35:12"
}

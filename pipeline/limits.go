// limits.go bounds what load reads: a file far larger than any export, or a field far longer
// than any answer, is refused before it can cost memory many times its size.
package pipeline

import (
	"bytes"
	"fmt"
	"os"
)

// The largest inputs load reads. A meeting's attendance export is kilobytes (a webinar of
// thousands, a few megabytes), and a form's export a few megabytes; a file far over that is no
// export as a vendor writes it (or a whole archive in one), and parsing it would hold many times
// its size in memory. It is refused before it is read. (The long form of answers, the one file
// that can be any size, is streamed instead: stream.go.)
const (
	maxAttendanceFile = 16 << 20
	maxInputFile      = 64 << 20
)

// maxFacilitatorFile bounds the facilitator's schedule, roster and codebook: a practice's roster
// of thousands of members, or a schedule of years of sessions, is a few hundred kilobytes (the
// benchmark's 6,000 cohorts, under 3 MB). Read whole, they cost many times their size (an 8 MB
// roster of 100,000 members loads in about 300 MB), so over the bound, where a load's memory
// would pass its budget, they are refused: several files of cohorts load as one.
const maxFacilitatorFile = 4 << 20

// facilitatorFormats are the formats maxFacilitatorFile bounds.
var facilitatorFormats = map[string]bool{"schedule": true, "roster": true, "codebook": true}

// readForParse reads a file for parsing, refusing one over the limits from its size and its head
// alone, so an oversized file costs no memory (the files a load keeps in memory from its first
// read are under a megabyte, within every limit).
func readForParse(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, readError(err)
	}
	if info.Mode().IsRegular() && info.Size() > maxFacilitatorFile {
		if info.Size() > maxInputFile {
			return nil, errAt(0, 0, "a file of %s, over the %s any export cohesion reads can be: no meeting or form writes one so large (split it, or check it is the file you meant; a long form of answers, and a Google Forms or Qualtrics CSV export, load at any size)",
				sizeText(info.Size()), sizeText(maxInputFile))
		}
		head, err := wholeLinesHead(path)
		if err != nil {
			return nil, readError(err)
		}
		switch format, err := formatOf(head, binaryVendors, textVendors); {
		case err != nil:
		case attendanceFormats[format] && info.Size() > maxAttendanceFile:
			return nil, errAt(0, 0, "a %s of %s, over the %s an attendance export can be (one meeting's report is kilobytes): check it is one meeting's report",
				vendorTitles[format], sizeText(info.Size()), sizeText(maxAttendanceFile))
		case facilitatorFormats[format]:
			return nil, errAt(0, 0, "a %s of %s, over the %s one can be (a practice's is a few hundred KB): split it into files of some cohorts each, which load as one, or check it is the file you meant",
				format, sizeText(info.Size()), sizeText(maxFacilitatorFile))
		}
	}
	data, err := os.ReadFile(path)
	return data, readError(err)
}

// wholeLinesHead is the file's first headSize bytes, up to the end of the last whole line in
// them (a line cut by the head cannot be judged): enough to tell its format without reading it.
func wholeLinesHead(path string) ([]byte, error) {
	head, _, err := readFileOrHead(path, func(int64) bool { return false })
	if err != nil {
		return nil, err
	}
	if i := bytes.LastIndexByte(head, '\n'); i > 0 {
		head = head[:i+1]
	}
	return head, nil
}

// attendanceFormats are the detected formats of attendance exports.
var attendanceFormats = map[string]bool{"zoom": true, "teams": true, "meet": true, "marks": true}

// sizeText is a byte count for a message: "1.2 GB", "97 MB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

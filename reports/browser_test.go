// A real-browser check of the pages: headless Chromium with the network cut off must draw every
// chart (an svg in each chart element) and log no console error, hostile text included.

package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds the browser; CI must have it (.ci/run installs it), a developer may not.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; .ci/run should have installed it")
	}
	t.Skip("chromium not installed; the browser test runs in CI")
	return ""
}

// renderInBrowser opens page in headless Chromium with networking disabled and returns the DOM
// after its scripts ran, and what the browser logged.
func renderInBrowser(t *testing.T, page string) (dom, log string) {
	t.Helper()
	bin := chromium(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-quic", "--user-data-dir="+filepath.Join(dir, "profile"),
		// No name resolves and no proxy answers: any request the page made would fail and be logged.
		"--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
		"--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=5000", "--dump-dom", "file://"+file)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errOut.String())
	}
	return out.String(), errOut.String()
}

var (
	chartDiv    = regexp.MustCompile(`<div class="chart" id="([^"]+)"`)
	scriptBlock = regexp.MustCompile(`(?s)<script.*?</script>`)
)

// checkChartsDrew asserts that every chart element holds an svg and nothing failed in the console.
func checkChartsDrew(t *testing.T, dom, log string, want int) {
	t.Helper()
	locs := chartDiv.FindAllStringSubmatchIndex(dom, -1)
	if len(locs) != want {
		t.Fatalf("found %d chart elements, want %d", len(locs), want)
	}
	for i, loc := range locs {
		end := len(dom)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if !strings.Contains(dom[loc[0]:end], "<svg") {
			t.Errorf("chart %s did not draw (no svg in it)", dom[loc[2]:loc[3]])
		}
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Uncaught") || strings.Contains(line, "ERR_") && !strings.Contains(line, "dbus") {
			t.Errorf("browser logged: %s", line)
		}
	}
}

func TestCohortDrawsInBrowser(t *testing.T) {
	db := openMarts(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	dom, log := renderInBrowser(t, render(t, d, CohortOptions{Now: fixedNow}))
	checkChartsDrew(t, dom, log, cohortChartCount)
}

// TestExpectedBandInBrowser draws the members' charts with the expected band, offline.
func TestExpectedBandInBrowser(t *testing.T) {
	db := openMartsWithHistory(t)
	d := loadCohort(t, db, testCohort, CohortOptions{})
	page := render(t, d, CohortOptions{Now: fixedNow})
	if !strings.Contains(page, "Expected: 10th to 90th percentile") {
		t.Fatal("no chart with the expected band to draw")
	}
	dom, log := renderInBrowser(t, page)
	checkChartsDrew(t, dom, log, strings.Count(page, `type="application/json" data-chart=`))
}

func TestHostileTextInertInBrowser(t *testing.T) {
	db := openMarts(t)
	makeHostile(t, db)
	opt := CohortOptions{Names: true, Now: fixedNow}
	dom, log := renderInBrowser(t, render(t, loadCohort(t, db, hostile, opt), opt))
	checkChartsDrew(t, dom, log, cohortChartCount)
	if strings.Contains(scriptBlock.ReplaceAllString(dom, ""), "<img") {
		t.Error("hostile text became an <img> element in the page")
	}
}

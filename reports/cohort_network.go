// The cohort report's support network sections: density and reciprocity per check-in, and who named whom at the latest.

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// NetworkSession is one row of support_network: the ties members named at one check-in.
type NetworkSession struct {
	Session int `json:"session"`
	Members int `json:"n_members"`
	Ties    int `json:"n_ties"`
	// Density is ties / possible directed ties; Reciprocity is mutual pairs / pairs with a
	// tie, nil when no tie was named.
	Density     *float64 `json:"density"`
	Reciprocity *float64 `json:"reciprocity"`
}

// NetworkTies is the support network of one check-in as a graph: who named whom.
type NetworkTies struct {
	Session int `json:"session"`
	// PossibleTies is every member naming every other, from support_network's n_members.
	PossibleTies int `json:"possible_ties"`
	// Ties are in member order of the naming member, then of the member named.
	Ties []SupportTie `json:"ties"`
	// Pairs counts the pairs of members with a tie either way; MutualPairs those in which
	// both named each other.
	Pairs       int `json:"pairs"`
	MutualPairs int `json:"mutual_pairs"`
	// Reading is the graph's one-sentence plain reading.
	Reading string `json:"reading"`
}

// SupportTie is one row of support_ties: a member who named another at a check-in.
type SupportTie struct {
	ParticipantID string `json:"participant_id"`
	Label         string `json:"label"`
	NamedID       string `json:"named_participant_id"`
	NamedLabel    string `json:"named_label"`
	// Mutual is true when the member named also named this member at the same check-in.
	Mutual bool `json:"mutual"`
}

func loadNetwork(ctx context.Context, db *sql.DB, d *CohortData) error {
	rows, err := db.QueryContext(ctx, `
		SELECT session, coalesce(n_members, 0), coalesce(n_ties, 0), density, reciprocity
		FROM support_network
		WHERE cohort = ? AND session IS NOT NULL
		ORDER BY session`, d.Cohort)
	if err != nil {
		return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n NetworkSession
		var density, reciprocity sql.NullFloat64
		if err := rows.Scan(&n.Session, &n.Members, &n.Ties, &density, &reciprocity); err != nil {
			return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
		}
		n.Density, n.Reciprocity = nullableFloat(density), nullableFloat(reciprocity)
		d.Network = append(d.Network, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read support_network: %w", d.Cohort, err)
	}
	return nil
}

// loadTies reads who named whom at the latest check-in with contacts answered, the one the
// network reading describes, each tie marked mutual where the member named named back.
func loadTies(ctx context.Context, db *sql.DB, d *CohortData, order map[string]int, labels map[string]string) error {
	latest := d.Network[len(d.Network)-1]
	rows, err := db.QueryContext(ctx, `
		WITH ties AS (
			SELECT DISTINCT participant_id, named_participant_id
			FROM support_ties
			WHERE cohort = ? AND session = ?
				AND participant_id IS NOT NULL AND named_participant_id IS NOT NULL
				AND participant_id <> named_participant_id
		)
		SELECT t.participant_id, t.named_participant_id, back.participant_id IS NOT NULL AS mutual
		FROM ties AS t
		LEFT JOIN ties AS back
			ON back.participant_id = t.named_participant_id
			AND back.named_participant_id = t.participant_id
		ORDER BY t.participant_id, t.named_participant_id`, d.Cohort, latest.Session)
	if err != nil {
		return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
	}
	defer rows.Close()
	label := func(id string) string {
		if l := labels[id]; l != "" {
			return l
		}
		return id
	}
	t := &NetworkTies{Session: latest.Session, PossibleTies: latest.PossibleTies()}
	mutualTies := 0
	for rows.Next() {
		var tie SupportTie
		if err := rows.Scan(&tie.ParticipantID, &tie.NamedID, &tie.Mutual); err != nil {
			return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
		}
		tie.Label, tie.NamedLabel = label(tie.ParticipantID), label(tie.NamedID)
		if tie.Mutual {
			mutualTies++
		}
		t.Ties = append(t.Ties, tie)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cohort %q: read support_ties: %w", d.Cohort, err)
	}
	if len(t.Ties) == 0 {
		return nil
	}
	// A mutual pair is two ties, a one-way pair one.
	t.MutualPairs = mutualTies / 2
	t.Pairs = len(t.Ties) - t.MutualPairs
	sortByMember(t.Ties, order, func(tie SupportTie) string { return tie.NamedID })
	sortByMember(t.Ties, order, func(tie SupportTie) string { return tie.ParticipantID })
	t.Reading = tiesReading(t)
	d.Ties = t
	return nil
}

func networkReading(d *CohortData, present map[string]bool) string {
	if !present["support_network"] {
		return missingMartReading("support_network")
	}
	if len(d.Network) == 0 {
		return "No check-in contacts answers loaded for this cohort."
	}
	n := d.Network[len(d.Network)-1]
	s := fmt.Sprintf("At session %d, the latest check-in with contacts answered, ", n.Session)
	if n.Ties == 0 {
		return s + "no member named another as someone they had connected with."
	}
	s += fmt.Sprintf("members named %d of the %d possible ties", n.Ties, n.Members*(n.Members-1))
	if n.Density != nil {
		s += fmt.Sprintf(" (density %s)", percent(*n.Density))
	}
	if n.Reciprocity != nil {
		s += fmt.Sprintf(" and %s of the pairs with a tie were mutual", percent(*n.Reciprocity))
	}
	return s + "."
}

// tiesReading says how many of the possible ties were named at the check-in the graph draws,
// and how many of the pairs with a tie were mutual.
func tiesReading(t *NetworkTies) string {
	verb := "were"
	if len(t.Ties) == 1 {
		verb = "was"
	}
	s := fmt.Sprintf("At session %d, %d of %d possible ties %s named; ", t.Session, len(t.Ties), t.PossibleTies, verb)
	switch {
	case t.Pairs == 1 && t.MutualPairs == 1:
		return s + "the one pair with a tie was mutual."
	case t.Pairs == 1:
		return s + "the one pair with a tie was not mutual."
	case t.MutualPairs == 0:
		return s + fmt.Sprintf("none of the %d pairs with a tie was mutual.", t.Pairs)
	case t.MutualPairs == 1:
		return s + fmt.Sprintf("1 of the %d pairs with a tie was mutual.", t.Pairs)
	}
	return s + fmt.Sprintf("%d of the %d pairs with a tie were mutual.", t.MutualPairs, t.Pairs)
}

// networkChart draws the support network's density and reciprocity at each check-in.
func networkChart(d *CohortData) *charts.Line {
	var extra []int
	bySession := map[int]NetworkSession{}
	for _, n := range d.Network {
		extra = append(extra, n.Session)
		bySession[n.Session] = n
	}
	sessions := chartSessions(d, extra)
	density := make([]opts.LineData, len(sessions))
	reciprocity := make([]opts.LineData, len(sessions))
	for i, session := range sessions {
		n, ok := bySession[session]
		if !ok {
			density[i], reciprocity[i] = lineItem("", nil, 100, 1), lineItem("", nil, 100, 1)
			continue
		}
		if n.Density != nil {
			density[i] = lineItem(fmt.Sprintf("Session %d: density %s, %d of %d possible ties named",
				session, percent(*n.Density), n.Ties, n.Members*(n.Members-1)), n.Density, 100, 1)
		} else {
			density[i] = lineItem("", nil, 100, 1)
		}
		if n.Reciprocity != nil {
			reciprocity[i] = lineItem(fmt.Sprintf("Session %d: reciprocity %s of the pairs with a tie",
				session, percent(*n.Reciprocity)), n.Reciprocity, 100, 1)
		} else {
			reciprocity[i] = lineItem("", nil, 100, 1)
		}
	}
	line := newLineChart([]interface{}{"Density", "Reciprocity"}, "40",
		opts.YAxis{Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}},
		opts.XAxis{})
	line.SetXAxis(fullSessionLabels(d, sessions))
	for _, s := range []struct {
		name  string
		data  []opts.LineData
		color string
	}{{"Density", density, okabeBlue}, {"Reciprocity", reciprocity, okabeOrange}} {
		line.AddSeries(s.name, s.data,
			charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 8}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 3}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
		)
	}
	return line
}

// Styles of the support network graph: one-way ties thin and grey, mutual ties thick and
// vermillion, so the two differ in more than colour.
const (
	oneWayTieColor = "#6b6b6b"
	oneWayTieWidth = 1.5
	mutualTieColor = okabeVermillion
	mutualTieWidth = 4
)

// networkNodes are the graph's nodes: every member, in member order, then anyone a tie names
// who is on neither the retention nor the attendance mart, labelled by pseudonym.
func networkNodes(d *CohortData) []CohortMember {
	nodes := slices.Clone(d.Members)
	if d.Ties == nil {
		return nodes
	}
	known := map[string]bool{}
	for _, m := range d.Members {
		known[m.ParticipantID] = true
	}
	var rest []string
	for _, t := range d.Ties.Ties {
		for _, id := range []string{t.ParticipantID, t.NamedID} {
			if !known[id] {
				known[id] = true
				rest = append(rest, id)
			}
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		nodes = append(nodes, CohortMember{ParticipantID: id, Label: id})
	}
	return nodes
}

// untiedLabels are the labels of the members in no tie at the check-in the graph draws.
func untiedLabels(d *CohortData) []string {
	if d.Ties == nil {
		return nil
	}
	tied := map[string]bool{}
	for _, t := range d.Ties.Ties {
		tied[t.ParticipantID], tied[t.NamedID] = true, true
	}
	var out []string
	for _, m := range networkNodes(d) {
		if !tied[m.ParticipantID] {
			out = append(out, m.Label)
		}
	}
	return out
}

// graphNodeID is the id of the graph's i-th node. Links name nodes by id, not by label, so
// that two members who share a name stay two nodes.
func graphNodeID(i int) string {
	return fmt.Sprintf("member-%d", i+1)
}

// graphNode is a graph node with what go-echarts' opts.GraphNode has no field for: an id,
// without which ECharts keys nodes by name and drops a second node of the same name, and
// where its label goes.
type graphNode struct {
	opts.GraphNode
	ID    string     `json:"id"`
	Label graphLabel `json:"label"`
}

type graphLabel struct {
	Position string `json:"position"`
}

// circleLabelPosition puts the label of the i-th of n nodes on a circle outside the circle,
// clear of the edges. It follows ECharts' circular layout for nodes of one size: the first
// node half a step clockwise from three o'clock, then equal steps clockwise.
func circleLabelPosition(i, n int) string {
	angle := (float64(i) + 0.5) * 2 * math.Pi / float64(n)
	x, y := math.Cos(angle), math.Sin(angle) // y grows downwards, as on the screen
	switch {
	case x > 0.3:
		return "right"
	case x < -0.3:
		return "left"
	case y < 0:
		return "top"
	}
	return "bottom"
}

// graphCircular sets the circular layout; labels stay level, which reads better than
// labels turned along the radius for the few members of a group.
type graphCircular struct {
	RotateLabel bool `json:"rotateLabel"`
}

type graphSeries struct {
	charts.SingleSeries
	Data     []graphNode   `json:"data"`
	Circular graphCircular `json:"circular"`
}

// graphVisitor gives each node of a graph series its id and its label's position.
type graphVisitor struct {
	reportVisitor
}

func (graphVisitor) VisitSeriesOpt(series charts.MultiSeries) interface{} {
	out := make([]interface{}, len(series))
	for i, s := range series {
		nodes, ok := s.Data.([]opts.GraphNode)
		if !ok {
			out[i] = s
			continue
		}
		withIDs := make([]graphNode, len(nodes))
		for j, n := range nodes {
			withIDs[j] = graphNode{GraphNode: n, ID: graphNodeID(j),
				Label: graphLabel{Position: circleLabelPosition(j, len(nodes))}}
		}
		out[i] = graphSeries{SingleSeries: s, Data: withIDs}
	}
	return out
}

// tiesChart draws who named whom at the check-in of d.Ties: every member on a circle, members
// in no tie included, and an arrow from each member to each member they named. A mutual tie is
// two arrows on one line, drawn thick and vermillion.
func tiesChart(d *CohortData) *charts.Graph {
	members := networkNodes(d)
	index := make(map[string]int, len(members))
	nodes := make([]opts.GraphNode, len(members))
	for i, m := range members {
		index[m.ParticipantID] = i
		// The label and the tooltip show the node's name, which ECharts draws as text and
		// HTML-escapes.
		nodes[i] = opts.GraphNode{Name: m.Label}
	}
	links := make([]opts.GraphLink, len(d.Ties.Ties))
	for i, t := range d.Ties.Ties {
		style := &opts.LineStyle{Color: oneWayTieColor, Width: oneWayTieWidth, Opacity: opts.Float(0.9)}
		if t.Mutual {
			style = &opts.LineStyle{Color: mutualTieColor, Width: mutualTieWidth, Opacity: opts.Float(1)}
		}
		links[i] = opts.GraphLink{
			Source:    graphNodeID(index[t.ParticipantID]),
			Target:    graphNodeID(index[t.NamedID]),
			LineStyle: style,
		}
	}

	graph := charts.NewGraph()
	graph.ClearPresetJSAssets()
	graph.Accept(graphVisitor{})
	graph.SetGlobalOptions(
		charts.WithAnimation(false),
		// The default tooltip names a node, or an edge's two ends as "from > to", HTML-escaped.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	graph.AddSeries(fmt.Sprintf("Session %d check-in", d.Ties.Session), nodes, links,
		// Set field by field: opts.GraphChart would also write force, categories and edgeLabel
		// as nulls.
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Layout = "circular"
			s.Roam, s.Draggable = opts.Bool(false), opts.Bool(false)
			s.EdgeSymbol, s.EdgeSymbolSize = []string{"none", "arrow"}, []int{0, 11}
			s.SymbolSize = 18
			// Room around the circle for the labels.
			s.Left, s.Right, s.Top, s.Bottom = "22%", "22%", "40", "40"
		}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: okabeBlue, BorderColor: "#ffffff", BorderWidth: 2}),
		// A label's white backing keeps it legible where an edge runs under it.
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Color: "#1a1a1a", FontSize: 13,
			BackgroundColor: "rgba(255,255,255,0.85)", BorderRadius: 3}),
		charts.WithEmphasisOpts(opts.Emphasis{Focus: "adjacency"}),
	)
	return graph
}

// PossibleTies is how many directed ties the check-in could have named.
func (n NetworkSession) PossibleTies() int {
	return n.Members * (n.Members - 1)
}

// Package chart draws the trend chart of /incident stats with gonum/plot:
// incidents per month by severity (stacked bars) above the median time to
// resolve per month (a line). It implements bot.Charter and is the only
// package that imports gonum.
package chart

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/warroom-dev/warroom/bot"
)

// PNG draws the chart. Its zero value is ready to use.
type PNG struct{}

var _ bot.Charter = PNG{}

// Size of the picture.
const (
	width  = 20 * vg.Centimeter
	height = 16 * vg.Centimeter
)

// severityColors are P0 to P3, most alarming first.
var severityColors = [4]color.Color{
	color.RGBA{R: 0xb2, G: 0x18, B: 0x2b, A: 0xff},
	color.RGBA{R: 0xef, G: 0x8a, B: 0x62, A: 0xff},
	color.RGBA{R: 0x67, G: 0xa9, B: 0xcf, A: 0xff},
	color.RGBA{R: 0xbd, G: 0xbd, B: 0xbd, A: 0xff},
}

// Chart implements bot.Charter.
func (PNG) Chart(s bot.Stats) ([]byte, error) {
	if len(s.Months) == 0 {
		return nil, fmt.Errorf("chart: no months to draw")
	}
	labels := make([]string, len(s.Months))
	for i, m := range s.Months {
		labels[i] = m.Start.Format("2006-01")
	}

	counts := plot.New()
	counts.Title.Text = "Incidents per month by severity"
	counts.Y.Label.Text = "incidents"
	counts.Y.Min = 0
	var below *plotter.BarChart
	w := vg.Points(max(2, 0.55*480/float64(len(s.Months))))
	most := 0
	for _, m := range s.Months {
		most = max(most, m.BySeverity[0]+m.BySeverity[1]+m.BySeverity[2]+m.BySeverity[3])
	}
	for sev := range 4 {
		if s.Query.SevSet && bot.Severity(sev) != s.Query.Severity {
			continue
		}
		vals := make(plotter.Values, len(s.Months))
		for i, m := range s.Months {
			vals[i] = float64(m.BySeverity[sev])
		}
		bars, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, fmt.Errorf("chart: bars of %s: %w", bot.Severity(sev), err)
		}
		bars.Color = severityColors[sev]
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		counts.Add(bars)
		counts.Legend.Add(bot.Severity(sev).String(), bars)
	}
	counts.Legend.Top = true
	counts.Legend.Left = true
	counts.Y.Max = 1.35*float64(most) + 1 // room for the legend
	counts.NominalX(labels...)
	counts.X.Min, counts.X.Max = -0.5, float64(len(s.Months))-0.5

	resolve := plot.New()
	resolve.Title.Text = "Median time to resolve per month"
	resolve.Y.Label.Text = "hours"
	resolve.Y.Min = 0
	pts := make(plotter.XYs, 0, len(s.Months))
	for i, m := range s.Months {
		if m.Resolved > 0 {
			pts = append(pts, plotter.XY{X: float64(i), Y: m.MedianResolve.Hours()})
		}
	}
	if len(pts) > 0 {
		line, points, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: resolve line: %w", err)
		}
		line.Color, points.Color = severityColors[0], severityColors[0]
		resolve.Add(line, points)
	}
	resolve.NominalX(labels...)
	resolve.X.Min, resolve.X.Max = -0.5, float64(len(s.Months))-0.5

	img := vgimg.New(width, height)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadX: vg.Millimeter * 3, PadY: vg.Millimeter * 5}
	canvases := plot.Align([][]*plot.Plot{{counts}, {resolve}}, tiles, dc)
	counts.Draw(canvases[0][0])
	resolve.Draw(canvases[1][0])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

import Plotting
import Testing

private let orange: UInt32 = 0xD55E00
private let blue: UInt32 = 0x0072B2

private func flatLine(at y: Double, hex: UInt32, name: String = "level") -> LineChart.Series {
  LineChart.Series(name: name, xs: [0, 1], ys: [y, y], color: RGBColor(hex: hex))
}

@Test func lineChartIsAPNGOfTheRequestedSize() throws {
  let chart = LineChart(
    title: "Sizes", xLabel: "x (units)", yLabel: "y (units)",
    series: [flatLine(at: 0.5, hex: orange)], width: 640, height: 400)
  let bytes = try chart.pngData()
  let size = try #require(pngSize(bytes))
  #expect(size.width == 640)
  #expect(size.height == 400)
}

@Test func renderingTwiceGivesIdenticalBytes() throws {
  let chart = LineChart(
    title: "Loss", xLabel: "Epoch", yLabel: "Loss",
    series: [
      LineChart.Series(
        name: "training", xs: [1, 2, 3, 4], ys: [0.9, 0.5, 0.4, 0.35], color: RGBColor(hex: blue),
        showsPoints: true, band: (lower: [0.8, 0.4, 0.3, 0.3], upper: [1, 0.6, 0.5, 0.4]))
    ],
    markers: [LineChart.VerticalMarker(x: 3, label: "best epoch")])
  #expect(try chart.pngData() == chart.pngData())
}

@Test func aHorizontalLineLandsAtItsDataHeight() throws {
  // Two flat lines at y = 0.25 and 0.75 on a 0...1 axis: the plot is between them, so the
  // 0.75 line must be drawn above (smaller pixel row than) the 0.25 line, and the mid-point of
  // the two rows is where 0.5 lies.
  let chart = LineChart(
    title: "Levels", xLabel: "x", yLabel: "y",
    series: [flatLine(at: 0.25, hex: orange, name: "low"), flatLine(at: 0.75, hex: blue)],
    xRange: 0...1, yRange: 0...1, legend: .hidden)
  let image = try DecodedPNG(chart.pngData())
  let column = image.width / 2
  let lowRows = image.rows(ofColour: orange, inColumn: column)
  let highRows = image.rows(ofColour: blue, inColumn: column)
  let low = try #require(lowRows.first)
  let high = try #require(highRows.first)
  #expect(lowRows.count <= 3, "the line should be about 2.5 px thick, got rows \(lowRows)")
  #expect(high < low)
  // The plot area spans most of the 560 px height, so the half-axis gap is well over 150 px.
  #expect(low - high > 150)
  #expect(image.count(ofColour: orange) > 500)
}

@Test func aBandIsFilledWithATintOfTheSeriesColour() throws {
  let chart = LineChart(
    title: "Band", xLabel: "x", yLabel: "y",
    series: [
      LineChart.Series(
        name: "s", xs: [0, 1], ys: [0.5, 0.5], color: RGBColor(hex: blue),
        band: (lower: [0.1, 0.1], upper: [0.9, 0.9]))
    ],
    xRange: 0...1, yRange: 0...1, legend: .hidden)
  let image = try DecodedPNG(chart.pngData())
  let column = image.width / 2
  let lineRow = try #require(image.rows(ofColour: blue, inColumn: column).first)
  // 60 px above the line is still inside the band: neither white nor the full colour, but
  // bluish (blue channel above red).
  let tint = image[x: column, y: lineRow - 60]
  #expect(tint != 0xFFFFFF && tint != blue)
  #expect(tint & 0xFF > tint >> 16)
}

@Test(arguments: [
  ("empty series", [LineChart.Series(name: "e", xs: [], ys: [], color: .black)]),
  ("NaN", [LineChart.Series(name: "n", xs: [0, 1], ys: [0, .nan], color: .black)]),
  ("infinite", [LineChart.Series(name: "i", xs: [0, .infinity], ys: [0, 1], color: .black)]),
  ("length mismatch", [LineChart.Series(name: "m", xs: [0, 1], ys: [0], color: .black)]),
  ("no series", []),
])
func badDataThrowsAFigureErrorNamingTheFigure(_ label: String, _ series: [LineChart.Series]) {
  let chart = LineChart(title: "Broken \(label)", xLabel: "x", yLabel: "y", series: series)
  do {
    _ = try chart.pngData()
    Issue.record("\(label): expected a FigureError")
  } catch {
    #expect(error.description.contains("Broken \(label)"))
  }
}

@Test func errorCasesSayWhatIsWrong() {
  let nan = LineChart(
    title: "T", xLabel: "x", yLabel: "y",
    series: [LineChart.Series(name: "s", xs: [0, 1], ys: [0, .nan], color: .black)])
  #expect(
    throws: FigureError.nonFiniteValue(
      figure: "T", series: "s", detail: "y value at index 1 is nan")
  ) {
    try nan.pngData()
  }
  let empty = LineChart(
    title: "T", xLabel: "x", yLabel: "y",
    series: [LineChart.Series(name: "s", xs: [], ys: [], color: .black)])
  #expect(throws: FigureError.emptySeries(figure: "T", series: "s")) { try empty.pngData() }
  let badBand = LineChart(
    title: "T", xLabel: "x", yLabel: "y",
    series: [
      LineChart.Series(
        name: "s", xs: [0, 1], ys: [0, 1], color: .black, band: (lower: [0], upper: [1, 1]))
    ])
  #expect(throws: FigureError.self) { try badBand.pngData() }
  let badRange = LineChart(
    title: "T", xLabel: "x", yLabel: "y", series: [flatLine(at: 1, hex: blue)], yRange: 1...1)
  #expect(throws: FigureError.self) { try badRange.pngData() }
}

@Test func aConstantSeriesStillGetsAnAxis() throws {
  let chart = LineChart(
    title: "Constant", xLabel: "x", yLabel: "y",
    series: [LineChart.Series(name: "c", xs: [3], ys: [7], color: RGBColor(hex: blue))])
  let image = try DecodedPNG(chart.pngData())
  #expect(image.count(ofColour: blue) > 10)
}

@Test func thePresetsRender() throws {
  let roc = LineChart.roc(
    title: "ROC",
    curves: [
      .init(
        name: "cosine (AUC 0.91)", falsePositiveRates: [0, 0.1, 0.3, 1],
        truePositiveRates: [0, 0.7, 0.9, 1], color: Palette.scorerColor(0))
    ])
  let accuracy = LineChart.accuracyVersusWays(
    title: "Accuracy",
    curves: [
      .init(
        name: "learned", ways: [2, 5, 10], accuracy: [0.9, 0.7, 0.5],
        lower: [0.85, 0.64, 0.44], upper: [0.94, 0.76, 0.56], color: Palette.scorerColor(0))
    ])
  let loss = LineChart.lossCurves(
    title: "Loss", lossName: "Contrastive loss (mean per pair)",
    curves: [
      .init(
        name: "training", epochs: [1, 2, 3], losses: [0.8, 0.5, 0.45], color: Palette.classColor(0))
    ],
    markers: [.init(x: 2, label: "best epoch")])
  for chart in [roc, accuracy, loss] {
    #expect(pngSize(try chart.pngData()) != nil, "\(chart.title)")
  }
  #expect(throws: FigureError.noData(figure: "ROC")) {
    try LineChart.roc(title: "ROC", curves: []).pngData()
  }
}

import Plotting
import Testing

@Test func paletteColoursAreStableDistinctAndWrap() {
  let classes = (0..<8).map(Palette.classColor)
  #expect(Set(classes).count == 8)
  #expect(Palette.classColor(8) == Palette.classColor(0))
  #expect(Palette.classColor(0) == RGBColor(hex: 0x0072B2))
  #expect(Set((0..<8).map(Palette.scorerColor)).count == 8)
}

@Test func scatterChartDrawsEveryMarkerShapeDeterministically() throws {
  let chart = ScatterChart(
    title: "Embeddings", xLabel: "Component 1", yLabel: "Component 2",
    groups: [
      .init(name: "normal", color: Palette.classColor(0), points: [(0, 0), (1, 1), (0.5, 0.2)]),
      .init(
        name: "pneumonia", color: Palette.classColor(1), xs: [2, 3], ys: [1, 2],
        marker: .hollowSquare),
      .init(name: "covid", color: Palette.classColor(2), xs: [1.5], ys: [0.4], marker: .cross),
    ])
  let bytes = try chart.pngData()
  #expect(bytes == (try chart.pngData()))
  let image = try DecodedPNG(bytes)
  #expect(image.width == 900 && image.height == 560)
  #expect(image.count(ofColour: 0x0072B2) > 30)
  #expect(image.count(ofColour: 0xE69F00) > 10)  // antialiased hollow squares
}

@Test func scatterChartRejectsNaN() {
  let chart = ScatterChart(
    title: "S", xLabel: "x", yLabel: "y",
    groups: [.init(name: "g", color: .black, xs: [0, .nan], ys: [0, 1])])
  #expect(
    throws: FigureError.nonFiniteValue(
      figure: "S", series: "g", detail: "x value at index 1 is nan")
  ) {
    try chart.pngData()
  }
  #expect(throws: FigureError.noData(figure: "S")) {
    try ScatterChart(title: "S", xLabel: "x", yLabel: "y", groups: []).pngData()
  }
}

@Test func confusionMatrixShadesAFullRowInTheFullColour() throws {
  let chart = ConfusionMatrixChart(
    title: "Confusion", labels: ["normal", "pneumonia", "covid"],
    counts: [[10, 0, 0], [2, 7, 1], [0, 3, 5]])
  let bytes = try chart.pngData()
  #expect(bytes == (try chart.pngData()))
  let image = try DecodedPNG(bytes)
  // The 10/10 cell is fully shaded; its pixels (minus the white count text) are the full blue.
  #expect(image.count(ofColour: 0x0072B2) > 5000)
}

@Test func confusionMatrixNeedsASquareMatrix() {
  let chart = ConfusionMatrixChart(title: "C", labels: ["a", "b"], counts: [[1, 2]])
  #expect(throws: FigureError.self) { try chart.pngData() }
  #expect(throws: FigureError.noData(figure: "E")) {
    try ConfusionMatrixChart(title: "E", labels: [], counts: []).pngData()
  }
}

private func gradient(_ w: Int, _ h: Int, channels: Int = 1) -> PlotImage {
  var samples: [Float] = []
  for y in 0..<h {
    for x in 0..<w {
      for c in 0..<channels { samples.append(Float(x + y + c) / Float(w + h + channels)) }
    }
  }
  return PlotImage(width: w, height: h, channels: channels, samples: samples)
}

@Test func imageGridDrawsWhiteImagesWhite() throws {
  let white = PlotImage(width: 8, height: 8, channels: 1, samples: .init(repeating: 1, count: 64))
  let grid = ImageGrid(
    title: "", columns: 2,
    cells: [.init(pixels: white), .init(pixels: gradient(8, 4, channels: 3))],
    cellSize: 64)
  let image = try DecodedPNG(grid.pngData())
  // A 64x64 white cell on a white background: the grey cell backdrop is fully covered.
  #expect(image.count(ofColour: 0xFFFFFF) > 64 * 64)
  #expect(image.width > 2 * 64 && image.height > 64)
}

@Test func imageGridPairsAreDeterministicAndNeedEvenCells() throws {
  let cells = [
    ImageGrid.Cell(pixels: gradient(32, 32), caption: "Same", captionColor: Palette.positive),
    ImageGrid.Cell(pixels: gradient(32, 32)),
    ImageGrid.Cell(pixels: gradient(32, 40), caption: "Different", captionColor: Palette.negative),
    ImageGrid.Cell(pixels: gradient(20, 32)),
  ]
  let grid = ImageGrid(
    title: "Pairs", columns: 1, cells: cells, cellSize: 96, rowHeaders: ["pair 1", "pair 2"],
    layout: .pairs)
  #expect(try grid.pngData() == grid.pngData())
  let odd = ImageGrid(title: "Odd", columns: 1, cells: Array(cells.prefix(3)), layout: .pairs)
  #expect(throws: FigureError.self) { try odd.pngData() }
}

@Test func imageGridRejectsBadPixels() {
  let nan = PlotImage(width: 2, height: 1, channels: 1, samples: [0, .nan])
  let short = PlotImage(width: 2, height: 2, channels: 3, samples: [0, 1])
  for pixels in [nan, short] {
    let grid = ImageGrid(title: "Bad", columns: 1, cells: [.init(pixels: pixels)])
    #expect(throws: FigureError.self) { try grid.pngData() }
  }
}

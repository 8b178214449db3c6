/// How a scatter group marks its points.
public enum MarkerShape: Sendable, Equatable {
  case filledCircle
  case hollowSquare
  case cross
}

/// Draws one point marker about 9 px across centred on (x, y).
func drawMarker(_ shape: MarkerShape, color: RGBColor, x: Double, y: Double, on canvas: Canvas) {
  canvas.setColor(color)
  switch shape {
  case .filledCircle:
    canvas.fillCircle(x, y, radius: 4.5)
  case .hollowSquare:
    canvas.setLine(width: 1.8)
    canvas.strokeRect(x - 4, y - 4, 8, 8)
  case .cross:
    canvas.setLine(width: 2)
    canvas.line(x - 4.5, y - 4.5, x + 4.5, y + 4.5)
    canvas.line(x - 4.5, y + 4.5, x + 4.5, y - 4.5)
  }
}

/// Points in the plane in named groups (e.g. a 2-D projection of embeddings, one group per
/// class). Default size 900 x 560 px.
public struct ScatterChart: Figure {
  /// One group of points sharing a colour, a marker and a legend entry.
  public struct Group: Sendable {
    /// Legend text; an empty name leaves the group out of the legend.
    public var name: String
    public var color: RGBColor
    /// Coordinates in data units, equally long and finite.
    public var xs: [Double]
    public var ys: [Double]
    /// Vary the shape as well as the colour so groups stay apart in grey print.
    public var marker: MarkerShape

    public init(
      name: String, color: RGBColor, xs: [Double], ys: [Double],
      marker: MarkerShape = .filledCircle
    ) {
      self.name = name
      self.color = color
      self.xs = xs
      self.ys = ys
      self.marker = marker
    }

    public init(
      name: String, color: RGBColor, points: [(Double, Double)],
      marker: MarkerShape = .filledCircle
    ) {
      self.init(
        name: name, color: color, xs: points.map(\.0), ys: points.map(\.1), marker: marker)
    }
  }

  /// Shown bold at the top; also names the figure in errors.
  public var title: String
  /// Axis titles with units.
  public var xLabel: String
  public var yLabel: String
  /// Drawn in order; later groups lie on top.
  public var groups: [Group]
  /// Where the legend goes.
  public var legend: LegendPlacement
  /// Image size in pixels (16...8192 each).
  public var width: Int
  public var height: Int

  public init(
    title: String, xLabel: String, yLabel: String, groups: [Group],
    legend: LegendPlacement = .automatic, width: Int = 900, height: Int = 560
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.groups = groups
    self.legend = legend
    self.width = width
    self.height = height
  }

  /// Renders the chart; axis ranges are the data range padded by 5 %.
  public func pngData() throws(FigureError) -> [UInt8] {
    try validate()
    let canvas = try Canvas(width: width, height: height, figure: title)
    let allX = groups.flatMap(\.xs)
    let allY = groups.flatMap(\.ys)
    let xDomain = Ticks.padded(allX.min()!, allX.max()!)
    let yDomain = Ticks.padded(allY.min()!, allY.max()!)

    let entries = groups.filter { !$0.name.isEmpty }.map {
      LegendEntry(name: $0.name, swatch: .marker($0.color, $0.marker))
    }
    let box = LegendBox(entries: entries, canvas: canvas)
    func layout(reserve: Double) -> CartesianLayout {
      CartesianLayout(
        canvas: canvas, title: title, xLabel: xLabel, yLabel: yLabel, xDomain: xDomain,
        yDomain: yDomain, xTicks: nil, yTicks: nil, rightReserve: reserve)
    }
    var placement = entries.isEmpty ? .hidden : legend
    var frame = layout(reserve: placement == .outsideRight ? box.width + 28 : 0)
    if placement == .automatic {
      let points = groups.flatMap { g in zip(g.xs, g.ys).map { (frame.x($0), frame.y($1)) } }
      placement = frame.automaticPlacement(width: box.width, height: box.height, points: points)
      if placement == .outsideRight { frame = layout(reserve: box.width + 28) }
    }

    frame.drawBackground(on: canvas)
    frame.clipped(on: canvas) {
      for g in groups {
        for (x, y) in zip(g.xs, g.ys) {
          drawMarker(g.marker, color: g.color, x: frame.x(x), y: frame.y(y), on: canvas)
        }
      }
    }
    frame.drawFrame(on: canvas)
    if placement != .hidden {
      let origin = frame.legendOrigin(placement, width: box.width, height: box.height)
      box.draw(on: canvas, x: origin.x, y: origin.y)
    }
    return try canvas.pngBytes()
  }

  private func validate() throws(FigureError) {
    guard !groups.isEmpty else { throw .noData(figure: title) }
    for g in groups {
      guard !g.xs.isEmpty else { throw .emptySeries(figure: title, series: g.name) }
      guard g.xs.count == g.ys.count else {
        throw .lengthMismatch(
          figure: title, series: g.name, detail: "\(g.xs.count) x values but \(g.ys.count) y values"
        )
      }
      for (axis, values) in [("x", g.xs), ("y", g.ys)] {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
          throw .nonFiniteValue(
            figure: title, series: g.name, detail: "\(axis) value at index \(i) is \(values[i])")
        }
      }
    }
  }
}

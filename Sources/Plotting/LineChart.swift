/// A chart of one or more lines over a shared x axis, with optional shaded bands (e.g.
/// confidence intervals) and labelled vertical markers (e.g. "best epoch").
///
/// The default size is 900 x 560 px with 14-18 px text, readable at 100 % zoom.
public struct LineChart: Figure {
  /// One line. `xs` and `ys` pair up index by index and must be equally long and finite.
  public struct Series: Sendable {
    /// Legend text; an empty name leaves the series out of the legend.
    public var name: String
    /// x values in data units, in drawing order (usually ascending).
    public var xs: [Double]
    /// y values in data units, one per x.
    public var ys: [Double]
    public var color: RGBColor
    /// Dashed line (7 px on, 5 px off), e.g. for reference curves.
    public var dashed: Bool
    /// Draws a dot at every data point as well as the line.
    public var showsPoints: Bool
    /// A translucent fill between `lower` and `upper`, one value per x (same count as `xs`).
    public var band: (lower: [Double], upper: [Double])?

    public init(
      name: String, xs: [Double], ys: [Double], color: RGBColor, dashed: Bool = false,
      showsPoints: Bool = false, band: (lower: [Double], upper: [Double])? = nil
    ) {
      self.name = name
      self.xs = xs
      self.ys = ys
      self.color = color
      self.dashed = dashed
      self.showsPoints = showsPoints
      self.band = band
    }
  }

  /// A vertical line across the plot at data coordinate `x` with a label at its top.
  public struct VerticalMarker: Sendable {
    /// Position in x data units; a marker outside the x range is not drawn.
    public var x: Double
    /// Text at the top of the line, e.g. "best epoch"; empty for none.
    public var label: String
    public var color: RGBColor
    public var dashed: Bool

    public init(x: Double, label: String, color: RGBColor = Palette.reference, dashed: Bool = true)
    {
      self.x = x
      self.label = label
      self.color = color
      self.dashed = dashed
    }
  }

  /// Shown bold at the top; also names the figure in errors.
  public var title: String
  /// Axis titles; include the unit, e.g. "Epoch" or "False positive rate (fraction)".
  public var xLabel: String
  public var yLabel: String
  /// Drawn in order; later series lie on top.
  public var series: [Series]
  /// Vertical lines with labels; labels that would overlap are stacked.
  public var markers: [VerticalMarker]
  /// Axis ranges in data units; `nil` means the data range (bands and markers included) padded
  /// by 5 % on each side.
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  /// Explicit tick positions, e.g. `[2, 5, 10, 20, 30]`; `nil` picks 1-2-5 steps. Ticks
  /// outside the axis range are dropped.
  public var xTicks: [Double]?
  public var yTicks: [Double]?
  /// Where the legend goes; unnamed series never appear in it.
  public var legend: LegendPlacement
  /// Image size in pixels (16...8192 each).
  public var width: Int
  public var height: Int

  public init(
    title: String, xLabel: String, yLabel: String, series: [Series],
    markers: [VerticalMarker] = [], xRange: ClosedRange<Double>? = nil,
    yRange: ClosedRange<Double>? = nil, xTicks: [Double]? = nil, yTicks: [Double]? = nil,
    legend: LegendPlacement = .automatic, width: Int = 900, height: Int = 560
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.markers = markers
    self.xRange = xRange
    self.yRange = yRange
    self.xTicks = xTicks
    self.yTicks = yTicks
    self.legend = legend
    self.width = width
    self.height = height
  }
}

extension LineChart {
  /// Checks the data; every problem is reported with the series name.
  func validate() throws(FigureError) {
    guard !series.isEmpty else { throw .noData(figure: title) }
    for s in series {
      guard !s.xs.isEmpty else { throw .emptySeries(figure: title, series: s.name) }
      guard s.xs.count == s.ys.count else {
        throw .lengthMismatch(
          figure: title, series: s.name, detail: "\(s.xs.count) x values but \(s.ys.count) y values"
        )
      }
      try checkFinite(s.xs, name: "x", series: s.name)
      try checkFinite(s.ys, name: "y", series: s.name)
      if let band = s.band {
        guard band.lower.count == s.xs.count, band.upper.count == s.xs.count else {
          throw .lengthMismatch(
            figure: title, series: s.name,
            detail: "band has \(band.lower.count) lower and \(band.upper.count) upper values "
              + "for \(s.xs.count) points")
        }
        try checkFinite(band.lower, name: "band lower", series: s.name)
        try checkFinite(band.upper, name: "band upper", series: s.name)
      }
    }
    for m in markers where !m.x.isFinite {
      throw .nonFiniteValue(figure: title, series: m.label, detail: "marker x is \(m.x)")
    }
    for (axis, range) in [("x", xRange), ("y", yRange)] {
      if let range,
        !(range.lowerBound.isFinite && range.upperBound.isFinite
          && range.lowerBound < range.upperBound)
      {
        throw .invalidParameter(
          figure: title, detail: "\(axis) range \(range) must be finite and non-empty")
      }
    }
  }

  private func checkFinite(_ values: [Double], name: String, series: String) throws(FigureError) {
    if let i = values.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteValue(
        figure: title, series: series, detail: "\(name) value at index \(i) is \(values[i])")
    }
  }

  /// Axis domains from explicit ranges or padded data extents.
  func domains() -> (x: (lower: Double, upper: Double), y: (lower: Double, upper: Double)) {
    let allX = series.flatMap(\.xs) + markers.map(\.x)
    var allY = series.flatMap(\.ys)
    for s in series { if let b = s.band { allY += b.lower + b.upper } }
    let x =
      xRange.map { ($0.lowerBound, $0.upperBound) }
      ?? Ticks.padded(allX.min()!, allX.max()!, fraction: 0.03)
    let y = yRange.map { ($0.lowerBound, $0.upperBound) } ?? Ticks.padded(allY.min()!, allY.max()!)
    return (x, y)
  }
}

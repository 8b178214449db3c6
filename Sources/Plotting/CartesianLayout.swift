/// The frame shared by line and scatter charts: title, plot area, axes, grid, ticks and axis
/// titles. All positions are in pixels.
struct CartesianLayout {
  static let titleSize = 18.0
  static let labelSize = 15.0
  static let tickSize = 14.0

  let title: String
  let xLabel: String
  let yLabel: String
  let xTicks: [Double]
  let yTicks: [Double]
  let xTickLabels: [String]
  let yTickLabels: [String]
  let plotX: Double
  let plotY: Double
  let plotWidth: Double
  let plotHeight: Double
  let x: LinearScale
  let y: LinearScale

  /// - Parameter rightReserve: pixels kept free right of the plot (e.g. for a legend).
  init(
    canvas: Canvas, title: String, xLabel: String, yLabel: String,
    xDomain: (lower: Double, upper: Double), yDomain: (lower: Double, upper: Double),
    xTicks: [Double]?, yTicks: [Double]?, rightReserve: Double
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    let xt = (xTicks ?? Ticks.nice(lower: xDomain.lower, upper: xDomain.upper, target: 8))
      .filter { $0 >= xDomain.lower - 1e-12 && $0 <= xDomain.upper + 1e-12 }
    let yt = (yTicks ?? Ticks.nice(lower: yDomain.lower, upper: yDomain.upper, target: 6))
      .filter { $0 >= yDomain.lower - 1e-12 && $0 <= yDomain.upper + 1e-12 }
    self.xTicks = xt
    self.yTicks = yt
    xTickLabels = Ticks.labels(xt)
    yTickLabels = Ticks.labels(yt)

    canvas.setFont(size: CartesianLayout.tickSize)
    let yTickWidth = yTickLabels.map { canvas.textWidth($0) }.max() ?? 0
    let left = 14 + 20 + 10 + yTickWidth + 8
    let top = title.isEmpty ? 20.0 : 52.0
    let bottom = 68.0
    let right = max(rightReserve, 28)
    plotX = left.rounded()
    plotY = top
    plotWidth = (Double(canvas.width) - left - right).rounded()
    plotHeight = Double(canvas.height) - top - bottom
    x = LinearScale(domain: xDomain, pixels: (plotX, plotX + plotWidth))
    y = LinearScale(domain: yDomain, pixels: (plotY + plotHeight, plotY))
  }

  /// Title, grid, frame, ticks and axis titles; call before drawing data.
  func drawBackground(on canvas: Canvas) {
    if !title.isEmpty {
      canvas.setFont(size: CartesianLayout.titleSize, bold: true)
      canvas.setColor(RGBColor(hex: 0x111111))
      let text = canvas.fitted(title, maxWidth: Double(canvas.width) - 40)
      canvas.text(text, x: Double(canvas.width) / 2, y: 26, anchor: .center)
    }

    canvas.setColor(RGBColor(hex: 0xE6E6E6))
    canvas.setLine(width: 1)
    for t in xTicks {
      let px = x(t).rounded() + 0.5
      canvas.line(px, plotY, px, plotY + plotHeight)
    }
    for t in yTicks {
      let py = y(t).rounded() + 0.5
      canvas.line(plotX, py, plotX + plotWidth, py)
    }

    canvas.setFont(size: CartesianLayout.tickSize)
    canvas.setColor(RGBColor(hex: 0x333333))
    for (t, label) in zip(xTicks, xTickLabels) {
      canvas.line(
        x(t).rounded() + 0.5, plotY + plotHeight, x(t).rounded() + 0.5,
        plotY + plotHeight + 5)
      canvas.text(label, x: x(t), y: plotY + plotHeight + 17, anchor: .center)
    }
    for (t, label) in zip(yTicks, yTickLabels) {
      canvas.line(plotX - 5, y(t).rounded() + 0.5, plotX, y(t).rounded() + 0.5)
      canvas.text(label, x: plotX - 8, y: y(t), anchor: .right)
    }

    canvas.setFont(size: CartesianLayout.labelSize)
    canvas.setColor(RGBColor(hex: 0x111111))
    canvas.text(
      canvas.fitted(xLabel, maxWidth: plotWidth), x: plotX + plotWidth / 2,
      y: Double(canvas.height) - 20, anchor: .center)
    canvas.verticalText(
      canvas.fitted(yLabel, maxWidth: plotHeight), x: 22, y: plotY + plotHeight / 2)
  }

  /// The axis frame, drawn after the data so lines do not cover it.
  func drawFrame(on canvas: Canvas) {
    canvas.setColor(RGBColor(hex: 0x444444))
    canvas.setLine(width: 1)
    canvas.strokeRect(plotX + 0.5, plotY + 0.5, plotWidth, plotHeight)
  }

  /// Runs `body` with drawing clipped to the plot area.
  func clipped(on canvas: Canvas, _ body: () -> Void) {
    canvas.withClip(x: plotX, y: plotY, width: plotWidth + 1, height: plotHeight + 1, body)
  }

  /// Top-left corner of a legend of the given size at an inside corner or outside right.
  func legendOrigin(_ placement: LegendPlacement, width w: Double, height h: Double)
    -> (x: Double, y: Double)
  {
    let inset = 10.0
    switch placement {
    case .topLeft: return (plotX + inset, plotY + inset)
    case .bottomLeft: return (plotX + inset, plotY + plotHeight - inset - h)
    case .bottomRight: return (plotX + plotWidth - inset - w, plotY + plotHeight - inset - h)
    case .outsideRight: return (plotX + plotWidth + 16, plotY)
    case .topRight, .automatic, .hidden: return (plotX + plotWidth - inset - w, plotY + inset)
    }
  }

  /// Decides the legend placement for `.automatic`: the first inside corner whose box contains
  /// none of `points` (pixel positions of drawn data), else `.outsideRight`.
  func automaticPlacement(width w: Double, height h: Double, points: [(Double, Double)])
    -> LegendPlacement
  {
    for corner in [LegendPlacement.topRight, .topLeft, .bottomRight, .bottomLeft] {
      let o = legendOrigin(corner, width: w, height: h)
      let hit = points.contains { p in
        p.0 >= o.x - 4 && p.0 <= o.x + w + 4 && p.1 >= o.y - 4 && p.1 <= o.y + h + 4
      }
      if !hit { return corner }
    }
    return .outsideRight
  }
}

/// Points every few pixels along a polyline, so that a legend box test sees the lines between
/// data points too, not just the points.
func densified(_ points: [(Double, Double)], step: Double = 3) -> [(Double, Double)] {
  guard points.count > 1 else { return points }
  var out: [(Double, Double)] = [points[0]]
  for (a, b) in zip(points, points.dropFirst()) {
    let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
    let n = max(1, Int(length / step))
    for i in 1...n {
      let t = Double(i) / Double(n)
      out.append((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t))
    }
  }
  return out
}

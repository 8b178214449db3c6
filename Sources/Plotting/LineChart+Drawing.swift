extension LineChart {
  /// Renders the chart. See `Figure.pngData()`.
  public func pngData() throws(FigureError) -> [UInt8] {
    try validate()
    let canvas = try Canvas(width: width, height: height, figure: title)
    let (xDomain, yDomain) = domains()

    let entries = series.filter { !$0.name.isEmpty }.map {
      LegendEntry(
        name: $0.name,
        swatch: .line($0.color, dashed: $0.dashed, band: $0.band != nil, points: $0.showsPoints))
    }
    let box = LegendBox(entries: entries, canvas: canvas)
    func layout(reserve: Double) -> CartesianLayout {
      CartesianLayout(
        canvas: canvas, title: title, xLabel: xLabel, yLabel: yLabel, xDomain: xDomain,
        yDomain: yDomain, xTicks: xTicks, yTicks: yTicks, rightReserve: reserve)
    }

    var placement = entries.isEmpty ? .hidden : legend
    var frame = layout(reserve: placement == .outsideRight ? box.width + 28 : 0)
    if placement == .automatic {
      placement = frame.automaticPlacement(
        width: box.width, height: box.height, points: pixelPoints(in: frame))
      if placement == .outsideRight { frame = layout(reserve: box.width + 28) }
    }

    frame.drawBackground(on: canvas)
    frame.clipped(on: canvas) {
      drawBands(on: canvas, frame: frame)
      drawLines(on: canvas, frame: frame)
    }
    drawMarkers(on: canvas, frame: frame)
    frame.drawFrame(on: canvas)
    if placement != .hidden {
      let origin = frame.legendOrigin(placement, width: box.width, height: box.height)
      box.draw(on: canvas, x: origin.x, y: origin.y)
    }
    return try canvas.pngBytes()
  }

  /// Every drawn line and band edge in pixels, densified, for legend placement.
  private func pixelPoints(in frame: CartesianLayout) -> [(Double, Double)] {
    var points: [(Double, Double)] = []
    for s in series {
      points += densified(zip(s.xs, s.ys).map { (frame.x($0), frame.y($1)) })
      if let band = s.band {
        points += densified(zip(s.xs, band.lower).map { (frame.x($0), frame.y($1)) })
        points += densified(zip(s.xs, band.upper).map { (frame.x($0), frame.y($1)) })
      }
    }
    return points
  }

  private func drawBands(on canvas: Canvas, frame: CartesianLayout) {
    for s in series {
      guard let band = s.band else { continue }
      let upper = zip(s.xs, band.upper).map { (frame.x($0), frame.y($1)) }
      let lower = zip(s.xs, band.lower).map { (frame.x($0), frame.y($1)) }
      canvas.setColor(s.color, alpha: 0.2)
      canvas.fillPolygon(upper + lower.reversed())
    }
  }

  private func drawLines(on canvas: Canvas, frame: CartesianLayout) {
    for s in series {
      let points = zip(s.xs, s.ys).map { (frame.x($0), frame.y($1)) }
      canvas.setColor(s.color)
      canvas.setLine(width: 2.5, dashed: s.dashed)
      if points.count == 1 {
        canvas.fillCircle(points[0].0, points[0].1, radius: 4)
      } else {
        canvas.polyline(points)
      }
      if s.showsPoints {
        for p in points { canvas.fillCircle(p.0, p.1, radius: 3.5) }
      }
    }
  }

  /// Marker lines with their labels at the top of the plot; labels that would overlap move
  /// down a row.
  private func drawMarkers(on canvas: Canvas, frame: CartesianLayout) {
    let visible = markers.sorted(by: { $0.x < $1.x }).filter {
      let px = frame.x($0.x)
      return px >= frame.plotX - 0.5 && px <= frame.plotX + frame.plotWidth + 0.5
    }
    // All lines first, then all labels on their white backing, so no line crosses a label.
    for m in visible {
      let px = frame.x(m.x)
      canvas.setColor(m.color)
      canvas.setLine(width: 1.5, dashed: m.dashed)
      canvas.line(px, frame.plotY, px, frame.plotY + frame.plotHeight)
    }
    canvas.setFont(size: 13)
    var rowsRightEdge: [Double] = []
    for m in visible where !m.label.isEmpty {
      let px = frame.x(m.x)

      let w = canvas.textWidth(m.label) + 8
      // Flip the label to the left of the line when it would run past the plot's right edge.
      let left = px + 4 + w > frame.plotX + frame.plotWidth ? px - 4 - w : px + 4
      let row = rowsRightEdge.firstIndex { $0 < left } ?? rowsRightEdge.count
      if row == rowsRightEdge.count { rowsRightEdge.append(0) }
      rowsRightEdge[row] = left + w
      let cy = frame.plotY + 14 + Double(row) * 20
      canvas.setColor(.white, alpha: 0.85)
      canvas.fillRect(left, cy - 9, w, 18)
      canvas.setColor(m.color.mixed(with: .black, amount: 0.25))
      canvas.text(m.label, x: left + 4, y: cy)
    }
  }
}

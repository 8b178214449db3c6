/// Where a chart puts its legend.
public enum LegendPlacement: Sendable, Equatable {
  /// The first inside corner (top right, top left, bottom right, bottom left) where the legend
  /// covers no drawn data; outside on the right when every corner would cover some.
  case automatic
  /// To the right of the plot area; the plot gets narrower.
  case outsideRight
  case topLeft, topRight, bottomLeft, bottomRight
  /// No legend (e.g. a single unnamed series).
  case hidden
}

/// What a legend entry shows in front of its name.
enum LegendSwatch {
  case line(RGBColor, dashed: Bool, band: Bool, points: Bool)
  case marker(RGBColor, MarkerShape)
}

struct LegendEntry {
  var name: String
  var swatch: LegendSwatch
}

/// Measures and draws a legend box; sizes in pixels.
struct LegendBox {
  static let fontSize = 14.0
  static let rowHeight = 22.0
  static let padding = 10.0
  static let swatchWidth = 30.0
  static let maxTextWidth = 240.0

  let entries: [LegendEntry]
  let width: Double
  let height: Double

  init(entries: [LegendEntry], canvas: Canvas) {
    self.entries = entries
    canvas.setFont(size: LegendBox.fontSize)
    let textWidth =
      entries.map { min(canvas.textWidth($0.name), LegendBox.maxTextWidth) }.max()
      ?? 0
    width = 2 * LegendBox.padding + LegendBox.swatchWidth + 8 + textWidth
    height = 2 * LegendBox.padding + Double(entries.count) * LegendBox.rowHeight - 4
  }

  func draw(on canvas: Canvas, x: Double, y: Double) {
    canvas.setColor(.white, alpha: 0.92)
    canvas.fillRect(x, y, width, height)
    canvas.setColor(RGBColor(hex: 0xBBBBBB))
    canvas.setLine(width: 1)
    canvas.strokeRect(x + 0.5, y + 0.5, width - 1, height - 1)
    canvas.setFont(size: LegendBox.fontSize)
    for (i, entry) in entries.enumerated() {
      let cy = y + LegendBox.padding + 9 + Double(i) * LegendBox.rowHeight
      let sx = x + LegendBox.padding
      switch entry.swatch {
      case .line(let color, let dashed, let band, let points):
        if band {
          canvas.setColor(color, alpha: 0.22)
          canvas.fillRect(sx, cy - 7, LegendBox.swatchWidth, 14)
        }
        canvas.setColor(color)
        canvas.setLine(width: 2.5, dashed: dashed)
        canvas.line(sx, cy, sx + LegendBox.swatchWidth, cy)
        if points { canvas.fillCircle(sx + LegendBox.swatchWidth / 2, cy, radius: 3.5) }
      case .marker(let color, let shape):
        drawMarker(shape, color: color, x: sx + LegendBox.swatchWidth / 2, y: cy, on: canvas)
      }
      canvas.setColor(RGBColor(hex: 0x222222))
      let name = canvas.fitted(entry.name, maxWidth: LegendBox.maxTextWidth)
      canvas.text(name, x: sx + LegendBox.swatchWidth + 8, y: cy)
    }
  }
}

/// A confusion matrix: rows are the true class, columns the predicted class.
///
/// Each cell is shaded by its share of the row (0 = white, 1 = full blue), so rows of different
/// sizes compare fairly, and prints its count and row share in a colour that contrasts with the
/// shade. Row labels carry a swatch in the class colour (`Palette.classColor`).
public struct ConfusionMatrixChart: Figure {
  /// Shown bold at the top; also names the figure in errors.
  public var title: String
  /// Class names in class-index order; one per row and per column.
  public var labels: [String]
  /// `counts[t][p]` = number of items of true class `t` predicted as `p`; square, non-negative.
  public var counts: [[Int]]

  public init(title: String, labels: [String], counts: [[Int]]) {
    self.title = title
    self.labels = labels
    self.counts = counts
  }

  /// Renders the matrix; its pixel size grows with the number of classes (56-110 px cells).
  public func pngData() throws(FigureError) -> [UInt8] {
    try validate()
    let n = labels.count
    // Cells shrink with more classes but stay large enough for a four-digit count.
    let cell = Double(max(56, min(110, 560 / n)))
    let measure = try Canvas(width: 16, height: 16, figure: title)
    measure.setFont(size: 14)
    let labelWidth = min(220, labels.map { measure.textWidth($0) }.max() ?? 0)

    let gridX = (22 + 18 + 14 + 18 + labelWidth + 10).rounded()
    let gridY = 96.0
    let gridSize = cell * Double(n)
    measure.setFont(size: 18, bold: true)
    let titleWidth = measure.textWidth(title) + 40
    measure.setFont(size: 12)
    let noteWidth = measure.textWidth(ConfusionMatrixChart.note) + 40
    let width = Int(max(gridX + gridSize + 40, titleWidth, noteWidth).rounded())
    let height = Int((gridY + gridSize + 26 + 52).rounded())
    let canvas = try Canvas(width: width, height: height, figure: title)

    canvas.setFont(size: 18, bold: true)
    canvas.setColor(RGBColor(hex: 0x111111))
    canvas.text(title, x: Double(width) / 2, y: 26, anchor: .center)

    let full = RGBColor(hex: 0x0072B2)
    for (t, row) in counts.enumerated() {
      let total = row.reduce(0, +)
      for (p, count) in row.enumerated() {
        let share = total > 0 ? Double(count) / Double(total) : 0
        let x = gridX + Double(p) * cell
        let y = gridY + Double(t) * cell
        let shade = RGBColor.white.mixed(with: full, amount: share)
        canvas.setColor(shade)
        canvas.fillRect(x, y, cell, cell)
        canvas.setColor(shade.luminance < 0.5 ? .white : RGBColor(hex: 0x111111))
        canvas.setFont(size: 16, bold: t == p)
        canvas.text(String(count), x: x + cell / 2, y: y + cell / 2 - 8, anchor: .center)
        canvas.setFont(size: 12)
        let percent = total > 0 ? Ticks.format(share * 100, decimals: 0) + " %" : "–"
        canvas.text(percent, x: x + cell / 2, y: y + cell / 2 + 11, anchor: .center)
      }
    }
    canvas.setColor(RGBColor(hex: 0x999999))
    canvas.setLine(width: 1)
    for i in 0...n {
      let o = Double(i) * cell
      canvas.line(gridX + o + 0.5, gridY, gridX + o + 0.5, gridY + gridSize)
      canvas.line(gridX, gridY + o + 0.5, gridX + gridSize, gridY + o + 0.5)
    }

    canvas.setFont(size: 14)
    for (i, label) in labels.enumerated() {
      let text = canvas.fitted(label, maxWidth: 220)
      let cy = gridY + (Double(i) + 0.5) * cell
      canvas.setColor(Palette.classColor(i))
      canvas.fillRect(gridX - 10 - canvas.textWidth(text) - 18, cy - 6, 12, 12)
      canvas.setColor(RGBColor(hex: 0x222222))
      canvas.text(text, x: gridX - 10, y: cy, anchor: .right)
      let column = canvas.fitted(label, maxWidth: cell - 4)
      canvas.text(column, x: gridX + (Double(i) + 0.5) * cell, y: gridY - 14, anchor: .center)
    }

    canvas.setFont(size: 15)
    canvas.setColor(RGBColor(hex: 0x111111))
    canvas.text("Predicted class", x: gridX + gridSize / 2, y: 56, anchor: .center)
    canvas.verticalText("True class", x: 22, y: gridY + gridSize / 2)
    canvas.setFont(size: 12)
    canvas.setColor(RGBColor(hex: 0x555555))
    canvas.text(
      ConfusionMatrixChart.note, x: Double(width) / 2, y: gridY + gridSize + 26, anchor: .center)
    return try canvas.pngBytes()
  }

  private static let note =
    "Shade = share of the true class's items (row); count and row % in each cell"

  private func validate() throws(FigureError) {
    guard !labels.isEmpty else { throw .noData(figure: title) }
    guard counts.count == labels.count, counts.allSatisfy({ $0.count == labels.count }) else {
      throw .lengthMismatch(
        figure: title, series: "counts",
        detail: "expected a \(labels.count)x\(labels.count) matrix for \(labels.count) labels, "
          + "got rows of lengths \(counts.map(\.count))")
    }
    if let row = counts.firstIndex(where: { $0.contains { $0 < 0 } }) {
      throw .invalidParameter(figure: title, detail: "row \(row) has a negative count")
    }
  }
}

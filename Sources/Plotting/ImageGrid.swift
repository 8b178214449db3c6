/// Images in a grid with a caption under each image (or each pair), e.g. sample images per
/// class or training pairs labelled "Same" / "Different".
///
/// Each image is scaled to fit a `cellSize` x `cellSize` box with its aspect ratio kept, and
/// smoothed bilinearly. The figure's pixel size follows from the grid.
public struct ImageGrid: Figure {
  /// One image with its caption.
  public struct Cell: Sendable {
    /// The image, any size; it is scaled to fit the cell.
    public var pixels: PlotImage
    /// One line under the image; shortened with "…" when wider than the cell.
    public var caption: String
    /// `nil` draws the caption in dark grey.
    public var captionColor: RGBColor?

    public init(pixels: PlotImage, caption: String = "", captionColor: RGBColor? = nil) {
      self.pixels = pixels
      self.caption = caption
      self.captionColor = captionColor
    }
  }

  /// Whether cells stand alone or come in framed pairs.
  public enum Layout: Sendable, Equatable {
    /// Every cell stands alone with its own caption.
    case single
    /// Cells 2k and 2k+1 form a pair, framed together, with one caption under the pair: the
    /// first cell's caption (in its colour), followed by " · " and the second cell's caption
    /// when that is not empty. Needs an even number of cells.
    case pairs
  }

  /// Shown bold at the top (omitted when empty); also names the figure in errors.
  public var title: String
  /// Units per row: cells for `.single`, pairs for `.pairs`.
  public var columns: Int
  /// Filled row by row, left to right.
  public var cells: [Cell]
  /// Edge of the square box each image is fitted into, in pixels (16...1024).
  public var cellSize: Int
  /// Optional label left of each row (e.g. the class name); empty means no header column.
  /// Missing entries leave their rows unlabelled.
  public var rowHeaders: [String]
  /// `.single` or `.pairs`; see `Layout`.
  public var layout: Layout

  public init(
    title: String, columns: Int, cells: [Cell], cellSize: Int = 128, rowHeaders: [String] = [],
    layout: Layout = .single
  ) {
    self.title = title
    self.columns = columns
    self.cells = cells
    self.cellSize = cellSize
    self.rowHeaders = rowHeaders
    self.layout = layout
  }

  private static let gap = 16.0
  private static let pairGap = 6.0
  private static let pairPadding = 6.0
  private static let captionHeight = 24.0

  /// Renders the grid; its pixel size follows from columns, rows, `cellSize` and headers.
  public func pngData() throws(FigureError) -> [UInt8] {
    try validate()
    let size = Double(cellSize)
    let perUnit = layout == .pairs ? 2 : 1
    let units = cells.count / perUnit
    let rows = (units + columns - 1) / columns
    let unitWidth =
      layout == .pairs ? 2 * size + ImageGrid.pairGap + 2 * ImageGrid.pairPadding : size
    let unitHeight =
      (layout == .pairs ? size + 2 * ImageGrid.pairPadding : size) + ImageGrid.captionHeight

    let measure = try Canvas(width: 16, height: 16, figure: title)
    measure.setFont(size: 15, bold: true)
    let headerWidth =
      rowHeaders.isEmpty
      ? 0 : min(220, rowHeaders.map { measure.textWidth($0) }.max() ?? 0) + 16
    measure.setFont(size: 18, bold: true)
    let titleWidth = measure.textWidth(title) + 40
    let gridLeft = ImageGrid.gap + headerWidth
    let gridTop = title.isEmpty ? ImageGrid.gap : 52.0
    let gridWidth = Double(columns) * unitWidth + Double(columns - 1) * ImageGrid.gap
    let width = Int(max(gridLeft + gridWidth + ImageGrid.gap, titleWidth).rounded(.up))
    let height = Int(
      (gridTop + Double(rows) * unitHeight + Double(rows - 1) * 10 + ImageGrid.gap).rounded(.up))
    let canvas = try Canvas(width: width, height: height, figure: title)

    if !title.isEmpty {
      canvas.setFont(size: 18, bold: true)
      canvas.setColor(RGBColor(hex: 0x111111))
      canvas.text(title, x: Double(width) / 2, y: 26, anchor: .center)
    }
    for row in 0..<rows where row < rowHeaders.count {
      canvas.setFont(size: 15, bold: true)
      canvas.setColor(RGBColor(hex: 0x222222))
      let y = gridTop + Double(row) * (unitHeight + 10) + (unitHeight - ImageGrid.captionHeight) / 2
      canvas.text(canvas.fitted(rowHeaders[row], maxWidth: 220), x: ImageGrid.gap, y: y)
    }

    for unit in 0..<units {
      let x = gridLeft + Double(unit % columns) * (unitWidth + ImageGrid.gap)
      let y = gridTop + Double(unit / columns) * (unitHeight + 10)
      if layout == .pairs {
        drawPair(first: cells[2 * unit], second: cells[2 * unit + 1], x: x, y: y, on: canvas)
      } else {
        let cell = cells[unit]
        drawImage(cell.pixels, x: x, y: y, on: canvas)
        drawCaption(
          cell.caption, color: cell.captionColor, centre: x + size / 2,
          y: y + size + ImageGrid.captionHeight / 2, maxWidth: size, on: canvas)
      }
    }
    return try canvas.pngBytes()
  }

  private func drawPair(first: Cell, second: Cell, x: Double, y: Double, on canvas: Canvas) {
    let size = Double(cellSize)
    let pad = ImageGrid.pairPadding
    let frameWidth = 2 * size + ImageGrid.pairGap + 2 * pad
    let frameHeight = size + 2 * pad + ImageGrid.captionHeight
    canvas.setColor(RGBColor(hex: 0xF2F2F2))
    canvas.fillRect(x, y, frameWidth, frameHeight)
    canvas.setColor(RGBColor(hex: 0xAAAAAA))
    canvas.setLine(width: 1)
    canvas.strokeRect(x + 0.5, y + 0.5, frameWidth - 1, frameHeight - 1)
    drawImage(first.pixels, x: x + pad, y: y + pad, on: canvas)
    drawImage(second.pixels, x: x + pad + size + ImageGrid.pairGap, y: y + pad, on: canvas)
    let caption = second.caption.isEmpty ? first.caption : first.caption + " · " + second.caption
    drawCaption(
      caption, color: first.captionColor, centre: x + frameWidth / 2,
      y: y + size + 2 * pad + ImageGrid.captionHeight / 2 - 3, maxWidth: frameWidth - 8,
      on: canvas)
  }

  /// Fits the image into the cell box, centred, keeping its aspect ratio.
  private func drawImage(_ image: PlotImage, x: Double, y: Double, on canvas: Canvas) {
    let size = Double(cellSize)
    let scale = min(size / Double(image.width), size / Double(image.height))
    let w = Double(image.width) * scale
    let h = Double(image.height) * scale
    canvas.setColor(RGBColor(hex: 0xDDDDDD))
    canvas.fillRect(x, y, size, size)
    canvas.drawPixels(
      image.rgb24Words, width: image.width, height: image.height,
      into: x + (size - w) / 2, y + (size - h) / 2, w, h)
  }

  private func drawCaption(
    _ caption: String, color: RGBColor?, centre: Double, y: Double, maxWidth: Double,
    on canvas: Canvas
  ) {
    guard !caption.isEmpty else { return }
    canvas.setFont(size: 14, bold: color != nil)
    canvas.setColor(color ?? RGBColor(hex: 0x333333))
    canvas.text(canvas.fitted(caption, maxWidth: maxWidth), x: centre, y: y, anchor: .center)
  }

  private func validate() throws(FigureError) {
    guard !cells.isEmpty else { throw .noData(figure: title) }
    guard columns >= 1 else {
      throw .invalidParameter(figure: title, detail: "columns must be >= 1, got \(columns)")
    }
    guard (16...1024).contains(cellSize) else {
      throw .invalidParameter(
        figure: title, detail: "cell size \(cellSize) px is outside 16...1024 px")
    }
    if layout == .pairs, !cells.count.isMultiple(of: 2) {
      throw .invalidParameter(
        figure: title, detail: "pair layout needs an even number of cells, got \(cells.count)")
    }
    for (i, cell) in cells.enumerated() {
      if let problem = cell.pixels.problem {
        throw .invalidParameter(figure: title, detail: "cell \(i) (\(cell.caption)): \(problem)")
      }
    }
  }
}

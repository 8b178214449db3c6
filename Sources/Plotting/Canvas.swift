import CCairo
import Foundation

/// Where a text anchor point sits relative to the text.
enum TextAnchor {
  case left, center, right
}

/// The one place that talks to Cairo: an RGB image surface with a white background plus the
/// drawing helpers the figures share. Lengths are in pixels, y grows downwards.
final class Canvas {
  let width: Int
  let height: Int
  private let figure: String
  private let surface: OpaquePointer
  let cr: OpaquePointer

  static let fontFamily = "DejaVu Sans"

  /// Creates a `width` x `height` white canvas.
  /// - Throws: `FigureError.invalidParameter` for sizes outside 16...8192, or
  ///   `.drawingFailed` when Cairo cannot allocate the surface.
  init(width: Int, height: Int, figure: String) throws(FigureError) {
    guard (16...8192).contains(width), (16...8192).contains(height) else {
      throw .invalidParameter(
        figure: figure, detail: "image size \(width)x\(height) px is outside 16...8192 px")
    }
    self.width = width
    self.height = height
    self.figure = figure

    // RGB24 rather than ARGB32: the PNG then has no alpha channel and no premultiplication.
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
    else {
      throw .drawingFailed(figure: figure, reason: "no surface")
    }
    self.surface = surface
    guard let cr = cairo_create(surface) else {
      cairo_surface_destroy(surface)
      throw .drawingFailed(figure: figure, reason: "no context")
    }
    self.cr = cr

    // Grey antialiasing and unhinted metrics: no colour fringes, and text widths do not depend
    // on the pixel grid, so a layout measured once is the layout drawn.
    if let options = cairo_font_options_create() {
      cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
      cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
      cairo_set_font_options(cr, options)
      cairo_font_options_destroy(options)
    }
    setColor(.white)
    cairo_paint(cr)
  }

  deinit {
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
  }

  // MARK: State

  func setColor(_ c: RGBColor, alpha: Double = 1) {
    cairo_set_source_rgba(cr, clamp01(c.r), clamp01(c.g), clamp01(c.b), alpha)
  }

  func setLine(width: Double, dashed: Bool = false) {
    cairo_set_line_width(cr, width)
    if dashed {
      let pattern: [Double] = [7, 5]
      pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, 2, 0) }
    } else {
      cairo_set_dash(cr, nil, 0, 0)
    }
  }

  func withClip(x: Double, y: Double, width w: Double, height h: Double, _ body: () -> Void) {
    cairo_save(cr)
    cairo_rectangle(cr, x, y, w, h)
    cairo_clip(cr)
    body()
    cairo_restore(cr)
  }

  // MARK: Shapes

  func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
    cairo_move_to(cr, x0, y0)
    cairo_line_to(cr, x1, y1)
    cairo_stroke(cr)
  }

  /// Strokes a polyline through the points (at least two points draw something).
  func polyline(_ points: [(Double, Double)]) {
    guard let first = points.first else { return }
    cairo_move_to(cr, first.0, first.1)
    for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
    cairo_stroke(cr)
  }

  /// Fills the closed polygon through the points.
  func fillPolygon(_ points: [(Double, Double)]) {
    guard let first = points.first else { return }
    cairo_move_to(cr, first.0, first.1)
    for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
    cairo_close_path(cr)
    cairo_fill(cr)
  }

  func fillRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
    cairo_rectangle(cr, x, y, w, h)
    cairo_fill(cr)
  }

  func strokeRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
    cairo_rectangle(cr, x, y, w, h)
    cairo_stroke(cr)
  }

  func fillCircle(_ x: Double, _ y: Double, radius: Double) {
    cairo_new_sub_path(cr)
    cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
    cairo_fill(cr)
  }

  // MARK: Text

  func setFont(size: Double, bold: Bool = false) {
    cairo_select_font_face(
      cr, Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
      bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, size)
  }

  /// Advance width of `text` in the current font, in pixels.
  func textWidth(_ text: String) -> Double {
    var extents = cairo_text_extents_t()
    cairo_text_extents(cr, text, &extents)
    return extents.x_advance
  }

  /// Draws one line of text whose vertical centre (by font ascent/descent, not by the glyphs,
  /// so mixed labels line up) is at `y`.
  func text(_ text: String, x: Double, y: Double, anchor: TextAnchor = .left) {
    var font = cairo_font_extents_t()
    cairo_font_extents(cr, &font)
    let w = textWidth(text)
    let left: Double
    switch anchor {
    case .left: left = x
    case .center: left = x - w / 2
    case .right: left = x - w
    }
    cairo_move_to(cr, left, y + (font.ascent - font.descent) / 2)
    cairo_show_text(cr, text)
    cairo_new_path(cr)
  }

  /// Draws text rotated 90 degrees anticlockwise (reading bottom to top), centred on (x, y).
  func verticalText(_ text: String, x: Double, y: Double) {
    cairo_save(cr)
    cairo_translate(cr, x, y)
    cairo_rotate(cr, -Double.pi / 2)
    self.text(text, x: 0, y: 0, anchor: .center)
    cairo_restore(cr)
  }

  /// Shortens `text` with a trailing ellipsis until it fits in `maxWidth` pixels.
  func fitted(_ text: String, maxWidth: Double) -> String {
    if textWidth(text) <= maxWidth { return text }
    var chars = Array(text)
    while !chars.isEmpty {
      chars.removeLast()
      let candidate = String(chars) + "…"
      if textWidth(candidate) <= maxWidth { return candidate }
    }
    return ""
  }

  // MARK: Images

  /// Draws an RGB24 pixel buffer (0x00RRGGBB words, row-major) scaled into the given box,
  /// smoothing with bilinear filtering.
  func drawPixels(
    _ words: [UInt32], width w: Int, height h: Int,
    into x: Double, _ y: Double, _ boxW: Double, _ boxH: Double
  ) {
    var copy = words
    copy.withUnsafeMutableBytes { raw in
      guard
        let image = cairo_image_surface_create_for_data(
          raw.baseAddress!.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24,
          Int32(w), Int32(h), Int32(w * 4))
      else { return }
      cairo_save(cr)
      cairo_translate(cr, x, y)
      cairo_scale(cr, boxW / Double(w), boxH / Double(h))
      cairo_set_source_surface(cr, image, 0, 0)
      cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR)
      cairo_rectangle(cr, 0, 0, Double(w), Double(h))
      cairo_fill(cr)
      cairo_restore(cr)
      cairo_surface_destroy(image)
    }
  }

  // MARK: Output

  /// Encodes the canvas as PNG (cairo_surface_write_to_png_stream).
  func pngBytes() throws(FigureError) -> [UInt8] {
    cairo_surface_flush(surface)
    let status = cairo_status(cr)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw .drawingFailed(figure: figure, reason: String(cString: cairo_status_to_string(status)))
    }
    let sink = ByteSink()
    let writeStatus = withExtendedLifetime(sink) {
      cairo_surface_write_to_png_stream(
        surface,
        { closure, data, length in
          guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
          let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
          sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
          return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
    }
    guard writeStatus == CAIRO_STATUS_SUCCESS else {
      throw .drawingFailed(
        figure: figure, reason: String(cString: cairo_status_to_string(writeStatus)))
    }
    return sink.bytes
  }
}

/// Collects the PNG stream; a class so the C callback can reach it through an opaque pointer.
private final class ByteSink {
  var bytes: [UInt8] = []
}

func clamp01(_ v: Double) -> Double { min(max(v, 0), 1) }

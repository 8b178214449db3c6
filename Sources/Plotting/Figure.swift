import Foundation

/// Something that renders to a PNG image.
///
/// Rendering is deterministic: the same figure value gives the same bytes on the same machine
/// (same Cairo and font versions).
public protocol Figure: Sendable {
  /// The figure as PNG file bytes.
  /// - Throws: `FigureError` naming the figure (by its title) and what is wrong with its data.
  func pngData() throws(FigureError) -> [UInt8]
}

extension Figure {
  /// Renders the figure and writes it to `url`, replacing any existing file.
  /// - Throws: `FigureError` for bad data or when the file cannot be written.
  public func writePNG(to url: URL) throws(FigureError) {
    let bytes = try pngData()
    do {
      try Data(bytes).write(to: url, options: .atomic)
    } catch {
      throw .writeFailed(path: url.path, reason: error.localizedDescription)
    }
  }
}

/// Why a figure could not be drawn. Every case names the figure by its title.
public enum FigureError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// The figure has nothing to draw (no series, no groups, no cells, no classes).
  case noData(figure: String)
  /// A series or group has no points.
  case emptySeries(figure: String, series: String)
  /// Two arrays that must be equally long are not.
  case lengthMismatch(figure: String, series: String, detail: String)
  /// A value is NaN or infinite.
  case nonFiniteValue(figure: String, series: String, detail: String)
  /// A parameter is out of its allowed range (e.g. image size, column count, axis range).
  case invalidParameter(figure: String, detail: String)
  /// Cairo reported an error (usually out of memory for a huge figure).
  case drawingFailed(figure: String, reason: String)
  /// The PNG could not be written to disk.
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .noData(let figure):
      return "Figure \"\(figure)\": nothing to draw (no data was given)."
    case .emptySeries(let figure, let series):
      return "Figure \"\(figure)\": series \"\(series)\" has no points."
    case .lengthMismatch(let figure, let series, let detail):
      return "Figure \"\(figure)\": series \"\(series)\": \(detail)."
    case .nonFiniteValue(let figure, let series, let detail):
      return "Figure \"\(figure)\": series \"\(series)\" contains NaN or infinity (\(detail))."
    case .invalidParameter(let figure, let detail):
      return "Figure \"\(figure)\": \(detail)."
    case .drawingFailed(let figure, let reason):
      return "Figure \"\(figure)\": Cairo could not draw it (\(reason))."
    case .writeFailed(let path, let reason):
      return "Could not write figure file \(path): \(reason)"
    }
  }

  public var errorDescription: String? { description }
}

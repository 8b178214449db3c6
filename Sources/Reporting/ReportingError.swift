import Foundation

/// Why a report could not be rendered or written. Each case names the file involved.
public enum ReportingError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// A figure referenced by the Markdown does not exist (self-contained mode reads every figure).
  case missingFigure(path: String, reference: String)
  /// A figure exists but could not be read.
  case unreadableFigure(path: String, reason: String)
  /// A figure's file type cannot be embedded as a data URI (PNG, JPEG, GIF, WebP can).
  case unsupportedFigureType(path: String)
  /// A self-contained page cannot embed a figure that lives on another server.
  case remoteFigure(url: String)
  /// cmark-gfm could not parse or render the document (out of memory in practice).
  case markdownFailed(reason: String)
  /// A file-system step of writing the output folder failed.
  case fileSystem(operation: String, path: String, reason: String)

  public var description: String {
    switch self {
    case .missingFigure(let path, let reference):
      return "Figure file \(path) (referenced as \"\(reference)\") does not exist."
    case .unreadableFigure(let path, let reason):
      return "Figure file \(path) could not be read: \(reason)"
    case .unsupportedFigureType(let path):
      return "Figure file \(path) cannot be embedded: only .png, .jpg, .jpeg, .gif and .webp are "
        + "supported."
    case .remoteFigure(let url):
      return "Figure \(url) is on another server; a self-contained report can only embed local "
        + "files. Download it next to the report or turn self-contained mode off."
    case .markdownFailed(let reason):
      return "The Markdown could not be rendered: \(reason)"
    case .fileSystem(let operation, let path, let reason):
      return "Could not \(operation) \(path): \(reason)"
    }
  }

  public var errorDescription: String? { description }
}

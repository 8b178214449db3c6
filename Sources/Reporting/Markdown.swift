import Foundation

/// Helpers that build GitHub-flavoured Markdown from data safely.
public enum Markdown {
  /// Column alignment in a table.
  public enum Alignment: Sendable, Equatable {
    case left, center, right
  }

  /// Escapes text that comes from data (file names, class names) so that cmark-gfm shows it
  /// literally, for inline text and for table cells alike.
  ///
  /// - Every ASCII punctuation character gets a backslash (CommonMark honours a backslash
  ///   before any of them), so no emphasis, link, code span, HTML, entity, autolink or table
  ///   pipe can start inside the text.
  /// - Line breaks (`\n`, `\r\n`, `\r`) become single spaces: a line break would end a table
  ///   row, and at a line start could begin a block.
  /// - `@` is also preceded by an empty HTML comment, the only way to keep the GFM autolink
  ///   extension from turning `name@host.org` into a mailto link.
  /// - Leading and trailing spaces and tabs become character references, so they are neither
  ///   trimmed nor read as code indentation or a hard line break.
  public static func escape(_ text: String) -> String {
    escape(text, guardingAutolinks: true)
  }

  /// `escape(_:)`, optionally without the `@` guard: link titles are not inline content (a
  /// comment there would show literally) and image alt text is rendered as plain text.
  private static func escape(_ text: String, guardingAutolinks: Bool) -> String {
    let oneLine = text.replacingOccurrences(of: "\r\n", with: " ")
      .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    let chars = Array(oneLine.unicodeScalars)
    let firstInk = chars.firstIndex { $0 != " " && $0 != "\t" } ?? chars.count
    let lastInk = chars.lastIndex { $0 != " " && $0 != "\t" } ?? -1

    var out = ""
    out.reserveCapacity(oneLine.utf8.count * 2)
    for (i, c) in chars.enumerated() {
      if i < firstInk || i > lastInk {
        out += c == " " ? "&#32;" : "&#9;"
      } else if c == "@", guardingAutolinks {
        // cmark-gfm finds e-mail autolinks after merging adjacent text, so a backslash does
        // not stop them. An inline HTML comment splits the text node instead; with raw HTML
        // disabled it renders as an (invisible) "raw HTML omitted" comment.
        out += "<!-- -->\\@"
      } else if c.isASCII, isPunctuation(UInt8(c.value)) {
        out += "\\"
        out.unicodeScalars.append(c)
      } else {
        out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// ASCII punctuation as CommonMark defines it: `!` to `/`, `:` to `@`, `[` to `` ` ``,
  /// `{` to `~`.
  private static func isPunctuation(_ b: UInt8) -> Bool {
    (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b)
      || (0x7B...0x7E).contains(b)
  }

  /// A GFM pipe table, one line per row, ending with a newline.
  ///
  /// Cells are already Markdown (escape data text with `escape(_:)` first). Rows shorter than
  /// the header are padded with empty cells. A blank line before and after the table is the
  /// caller's job.
  /// - Parameter alignments: one per column, or `nil` for the default (left).
  /// - Precondition: `header` is not empty, no row is longer than it, and `alignments` (if
  ///   given) has one entry per column.
  public static func table(
    header: [String], rows: [[String]], alignments: [Alignment]? = nil
  ) -> String {
    precondition(!header.isEmpty, "a table needs at least one column")
    precondition(
      alignments == nil || alignments!.count == header.count,
      "alignments has \(alignments?.count ?? 0) entries for \(header.count) columns")
    func line(_ cells: [String]) -> String {
      "| " + cells.joined(separator: " | ") + " |\n"
    }
    let rule = (alignments ?? Array(repeating: .left, count: header.count)).map {
      switch $0 {
      case .left: return "---"
      case .center: return ":---:"
      case .right: return "---:"
      }
    }
    var out = line(header) + line(rule)
    for (i, row) in rows.enumerated() {
      precondition(
        row.count <= header.count, "row \(i) has \(row.count) cells for \(header.count) columns")
      out += line(row + Array(repeating: "", count: header.count - row.count))
    }
    return out
  }

  /// A paragraph holding only an image, ending with a blank line. `HTMLRenderer` turns it into
  /// a `<figure>` with `caption` as its `<figcaption>`.
  ///
  /// - Parameters:
  ///   - path: relative (to the report) or absolute file path, or a URL; characters other than
  ///     ASCII letters, digits and `-._~/` are percent-encoded.
  ///   - alt: text for readers who cannot see the image; escaped here.
  ///   - caption: shown under the figure (and as the image title); escaped here.
  public static func image(path: String, alt: String, caption: String) -> String {
    "![" + escape(alt, guardingAutolinks: false) + "](" + encodePath(path) + " \""
      + escape(caption, guardingAutolinks: false) + "\")\n\n"
  }

  private static let pathAllowed: CharacterSet = {
    var set = CharacterSet()
    set.insert(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    set.insert(charactersIn: "-._~/")
    return set
  }()

  private static func encodePath(_ path: String) -> String {
    // Keep a scheme's colon (e.g. https:) readable; everything else is encoded.
    if let range = path.range(of: "://"),
      path[..<range.lowerBound].allSatisfy({ $0.isASCII && $0.isLetter })
    {
      let scheme = path[..<range.lowerBound]
      let rest = String(path[range.upperBound...])
      return scheme + "://" + (rest.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? "")
    }
    return path.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? ""
  }
}

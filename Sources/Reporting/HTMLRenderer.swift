import CCmarkGFM
import Foundation

/// How `HTMLRenderer` builds the page.
public struct HTMLOptions: Sendable {
  /// The page `<title>` (plain text; escaped when written).
  public var title: String
  /// When true, every local image becomes a `data:` URI so the page is one portable file.
  public var selfContained: Bool
  /// Folder that relative image paths are resolved against (the folder the HTML will live in).
  public var baseDirectory: URL

  public init(title: String, selfContained: Bool = false, baseDirectory: URL) {
    self.title = title
    self.selfContained = selfContained
    self.baseDirectory = baseDirectory
  }
}

/// Turns a report's Markdown into one complete, dependency-free HTML page.
public enum HTMLRenderer {
  /// Renders `markdown` with cmark-gfm (extensions "table", "strikethrough", "autolink";
  /// CMARK_OPT_DEFAULT: raw HTML is omitted, unsafe link schemes dropped, no smart
  /// punctuation) into a full page: doctype, UTF-8 charset, escaped `<title>`, inline CSS, and
  /// no external resources of its own (no fonts, CDN or script).
  ///
  /// - Every heading gets an `id` derived from its text (see the heading slug rules: lower-case
  ///   ASCII letters and digits joined by `-`, repeats numbered `-2`, `-3`, ...).
  /// - A table of contents (`<nav class="toc">`) lists the h2 and h3 headings; it goes after a
  ///   leading h1, else at the top. It is left out when there are no h2/h3 headings.
  /// - A paragraph that holds only an image becomes
  ///   `<figure><img src alt title><figcaption>title</figcaption></figure>`.
  /// - With `options.selfContained`, every image's local file (relative to
  ///   `options.baseDirectory`, percent-decoded) is embedded as a base64 `data:` URI.
  ///
  /// The output depends only on the inputs (and the figure files' bytes when self-contained).
  /// - Throws: `ReportingError.missingFigure` / `.unreadableFigure` / `.unsupportedFigureType`
  ///   / `.remoteFigure` naming the figure, or `.markdownFailed`.
  public static func render(markdown: String, options: HTMLOptions) throws(ReportingError)
    -> String
  {
    let document = try CMarkDocument(markdown: markdown)
    if options.selfContained {
      try embedImages(in: document, baseDirectory: options.baseDirectory)
    }

    var ids = HeadingIDs()
    var pieces: [String] = []
    var contents: [(level: Int, id: String, text: String)] = []
    var contentsPosition = 0
    for (index, block) in document.topLevelBlocks.enumerated() {
      let type = CMarkNode.type(block)
      if type == CMARK_NODE_HEADING {
        let level = CMarkNode.headingLevel(block)
        let text = CMarkNode.plainText(block)
        let id = ids.make(for: text)
        pieces.append(withID(try document.html(of: block), level: level, id: id))
        if level == 2 || level == 3 { contents.append((level, id, text)) }
        if index == 0 && level == 1 { contentsPosition = 1 }
      } else if type == CMARK_NODE_PARAGRAPH, let image = soleImage(of: block) {
        pieces.append(figure(paragraphHTML: try document.html(of: block), image: image))
      } else {
        pieces.append(try document.html(of: block))
      }
    }
    if !contents.isEmpty {
      pieces.insert(tableOfContents(contents), at: contentsPosition)
    }
    return page(title: options.title, body: pieces.joined())
  }

  /// Adds `id` to the opening tag cmark wrote (`<hN>`).
  private static func withID(_ html: String, level: Int, id: String) -> String {
    let open = "<h\(level)>"
    guard html.hasPrefix(open) else { return html }
    return "<h\(level) id=\"\(id)\">" + html.dropFirst(open.count)
  }

  /// The image node when the paragraph holds exactly one image and nothing else.
  private static func soleImage(of paragraph: OpaquePointer) -> OpaquePointer? {
    let children = CMarkNode.children(paragraph)
    guard children.count == 1, CMarkNode.type(children[0]) == CMARK_NODE_IMAGE else { return nil }
    return children[0]
  }

  /// Rewraps cmark's `<p><img ... /></p>` (whose src/alt escaping and URL filtering we keep)
  /// as a figure with the image title as caption.
  private static func figure(paragraphHTML: String, image: OpaquePointer) -> String {
    let open = "<p>"
    let close = "</p>\n"
    guard paragraphHTML.hasPrefix(open), paragraphHTML.hasSuffix(close) else {
      return paragraphHTML
    }
    let img = paragraphHTML.dropFirst(open.count).dropLast(close.count)
    let caption = CMarkNode.title(image)
    var out = "<figure>\n" + img + "\n"
    if !caption.isEmpty { out += "<figcaption>" + HTMLText.escape(caption) + "</figcaption>\n" }
    return out + "</figure>\n"
  }

  /// A nested list: h2 entries, each with its following h3 entries as a sub-list. h3 headings
  /// before the first h2 stand at the top level.
  private static func tableOfContents(_ entries: [(level: Int, id: String, text: String)])
    -> String
  {
    func link(_ e: (level: Int, id: String, text: String)) -> String {
      "<a href=\"#\(e.id)\">" + HTMLText.escape(e.text) + "</a>"
    }
    var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n"
    out += "<ul>\n"
    var openSublist = false
    var openItem = false
    for e in entries {
      if e.level == 2 || !openItem {
        if openSublist { out += "</ul>\n" }
        if openItem { out += "</li>\n" }
        openSublist = false
        out += "<li>" + link(e)
        openItem = true
        // A leading h3 has no h2 to nest under, so it is its own top-level item.
        if e.level == 3 {
          out += "</li>\n"
          openItem = false
        }
        continue
      }
      if !openSublist {
        out += "\n<ul>\n"
        openSublist = true
      }
      out += "<li>" + link(e) + "</li>\n"
    }
    if openSublist { out += "</ul>\n" }
    if openItem { out += "</li>\n" }
    return out + "</ul>\n</nav>\n"
  }
}

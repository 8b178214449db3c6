extension HTMLRenderer {
  /// The page around the rendered body. Everything is inline: the page must open from a USB
  /// stick or an e-mail attachment with no network.
  static func page(title: String, body: String) -> String {
    """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(HTMLText.escape(title))</title>
    <style>
    \(stylesheet)</style>
    </head>
    <body>
    <main>
    \(body)</main>
    </body>
    </html>

    """
  }

  /// System font stacks only (no web fonts); a 58 rem column so that a 900 px figure is shown
  /// unscaled; figures never wider than the column; tables with borders, zebra rows and
  /// horizontal scrolling when too wide.
  static let stylesheet = """
    :root { color-scheme: light; }
    body { margin: 0; background: #fff; color: #1b1b1b;
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
    main { max-width: 58rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
    h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 0.75rem; }
    h1 { font-size: 2rem; margin-top: 0; }
    h2 { font-size: 1.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.25rem; }
    h3 { font-size: 1.2rem; }
    p, ul, ol { margin: 0 0 1rem; }
    a { color: #0b5cad; }
    code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
    code { background: #f3f3f3; padding: 0.1em 0.3em; border-radius: 3px; }
    pre { background: #f6f6f6; padding: 0.75rem 1rem; overflow-x: auto; border-radius: 4px; }
    pre code { background: none; padding: 0; }
    blockquote { margin: 0 0 1rem; padding: 0.25rem 1rem; border-left: 4px solid #ccc;
      color: #444; }
    table { border-collapse: collapse; margin: 0 0 1.25rem; display: block; overflow-x: auto;
      max-width: 100%; font-variant-numeric: tabular-nums; }
    th, td { border: 1px solid #c8c8c8; padding: 0.35rem 0.7rem; vertical-align: top; }
    th { background: #eef1f4; }
    tbody tr:nth-child(even) { background: #f7f8fa; }
    figure { margin: 1.5rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; border: 1px solid #e2e2e2; }
    figcaption { margin-top: 0.5rem; color: #444; font-size: 0.95rem; }
    img { max-width: 100%; }
    nav.toc { background: #f7f8fa; border: 1px solid #e2e2e2; border-radius: 4px;
      padding: 0.75rem 1.25rem; margin: 0 0 2rem; }
    nav.toc .toc-title { font-weight: bold; margin: 0 0 0.25rem; }
    nav.toc ul { margin: 0; padding-left: 1.25rem; }

    """
}

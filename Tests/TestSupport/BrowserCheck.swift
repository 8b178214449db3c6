import Foundation

/// Loads an HTML file in headless Chromium and reports what it rendered.
public enum BrowserCheck {
  /// The first of chromium, chromium-browser, google-chrome found as an executable on PATH
  /// (then /usr/bin), or nil.
  public static var chromiumPath: String? {
    let names = ["chromium", "chromium-browser", "google-chrome"]
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/bin"]
    for name in names {
      for folder in folders {
        let candidate = (folder as NSString).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  /// Opens `htmlFile` in headless Chromium and reports every `<img>` (src, naturalWidth) and
  /// every script error, `console.error` call and failed image load.
  ///
  /// Reports allow no scripts, so a copy of the page is written next to the original (so that
  /// relative image paths still resolve) with a probe script put first in `<head>`; the probe
  /// collects errors from the start and, after the window's load event, writes its findings
  /// as base64 JSON into the DOM, which `--dump-dom` prints. The copy is removed afterwards.
  /// Chromium gets 5 s of virtual time and 60 s of real time.
  /// - Throws: `BrowserCheckError` when Chromium is missing, fails, or the probe did not run.
  public static func check(htmlFile: URL) throws -> BrowserReport {
    guard let chromium = chromiumPath else { throw BrowserCheckError.chromiumNotInstalled }
    let page: String
    do {
      page = try String(contentsOf: htmlFile, encoding: .utf8)
    } catch {
      throw BrowserCheckError.unreadablePage(
        path: htmlFile.path, reason: error.localizedDescription)
    }

    let probeFile = htmlFile.deletingLastPathComponent()
      .appendingPathComponent(".browser-check-\(UUID().uuidString).html")
    try Data(withProbe(page).utf8).write(to: probeFile)
    defer { try? FileManager.default.removeItem(at: probeFile) }
    let profile = try TemporaryDirectory.make(prefix: "browser-check-profile")
    defer { try? FileManager.default.removeItem(at: profile) }

    let dom = try run(
      chromium,
      arguments: [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=\(profile.path)", "--dump-dom", "--virtual-time-budget=5000",
        probeFile.absoluteString,
      ], scratch: profile)
    return try parse(dom: dom, page: htmlFile.path)
  }

  static let resultID = "browser-check-result"

  /// The probe: records errors as they happen and the images after load.
  static let probe = """
    <script>
    (function () {
      var errors = [];
      window.addEventListener('error', function (e) {
        var t = e.target;
        if (t && t.tagName === 'IMG') {
          errors.push('image failed to load: ' + (t.getAttribute('src') || '').slice(0, 200));
        } else {
          errors.push('script error: ' + e.message);
        }
      }, true);
      var consoleError = console.error;
      console.error = function () {
        errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
        return consoleError.apply(console, arguments);
      };
      window.addEventListener('load', function () {
        var images = Array.prototype.map.call(document.images, function (img) {
          var src = (img.getAttribute('src') || '').slice(0, 64);
          return { src: src, naturalWidth: img.naturalWidth };
        });
        var json = JSON.stringify({ images: images, errors: errors });
        var bytes = new TextEncoder().encode(json);
        var binary = '';
        for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
        var out = document.createElement('pre');
        out.id = '\(resultID)';
        out.textContent = btoa(binary);
        document.body.appendChild(out);
      });
    })();
    </script>

    """

  /// The page with the probe as the first element of `<head>` (or first in the file).
  static func withProbe(_ page: String) -> String {
    if let head = page.range(of: "<head>", options: .caseInsensitive) {
      return page.replacingCharacters(in: head, with: page[head] + "\n" + probe)
    }
    return probe + page
  }

  private struct ProbeResult: Decodable {
    struct Image: Decodable {
      var src: String
      var naturalWidth: Int
    }
    var images: [Image]
    var errors: [String]
  }

  static func parse(dom: String, page: String) throws -> BrowserReport {
    guard let open = dom.range(of: "<pre id=\"\(resultID)\">"),
      let close = dom.range(of: "</pre>", range: open.upperBound..<dom.endIndex),
      let data = Data(base64Encoded: String(dom[open.upperBound..<close.lowerBound])),
      let result = try? JSONDecoder().decode(ProbeResult.self, from: data)
    else {
      throw BrowserCheckError.noProbeResult(path: page)
    }
    return BrowserReport(
      images: result.images.map { .init(src: $0.src, naturalWidth: $0.naturalWidth) },
      errors: result.errors)
  }

  /// Runs the browser with stdout to a file (a pipe could fill up and block), killing it if it
  /// has not finished after 60 s.
  private static func run(_ executable: String, arguments: [String], scratch: URL) throws
    -> String
  {
    let output = scratch.appendingPathComponent("dom.html")
    guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
      throw BrowserCheckError.browserFailed(detail: "could not create \(output.path)")
    }
    let handle = try FileHandle(forWritingTo: output)
    defer { try? handle.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw BrowserCheckError.browserFailed(detail: "could not start \(executable): \(error)")
    }
    let watchdog = DispatchWorkItem { [process] in
      if process.isRunning { process.terminate() }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
    process.waitUntilExit()
    watchdog.cancel()

    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      throw BrowserCheckError.browserFailed(
        detail: "\(executable) ended with status \(process.terminationStatus) "
          + "(\(process.terminationReason == .uncaughtSignal ? "killed" : "exit"))")
    }
    return String(decoding: try Data(contentsOf: output), as: UTF8.self)
  }
}

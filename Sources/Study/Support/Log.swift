import Dispatch
import Foundation

/// What a person watching a long run needs, on stderr: one line per stage with its time, a
/// progress line during long loops, a warning per skipped input. Results never go here.
///
/// Progress redraws one line in place when stderr is a terminal and prints a plain line at most
/// every few seconds otherwise (so CI logs and files stay readable). Thread-safe: all writes go
/// through one serial queue.
public final class Log: Sendable {
  public static let standard = Log()

  private let queue = DispatchQueue(label: "siamese-report.log")
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private let quiet: Bool
  private let state = LockedState()

  public init(quiet: Bool = false) {
    self.quiet = quiet
  }

  /// A plain line, e.g. "data: 1,972 images in 4 classes".
  public func info(_ message: String) {
    write(message)
  }

  /// A warning about an input that is skipped or suspicious.
  public func warning(_ message: String) {
    write("warning: " + message)
  }

  /// Start of a stage; returns a token whose `finish` prints the stage's duration.
  public func stage(_ name: String, _ detail: String = "") -> StageTimer {
    write("▸ \(name)\(detail.isEmpty ? "" : ": " + detail)")
    return StageTimer(log: self, name: name)
  }

  /// One progress report for a loop of `total` steps, with time left from the rate so far.
  public func progress(_ label: String, done: Int, total: Int, detail: String = "") {
    guard !quiet else { return }
    let now = Date()
    let (started, lastPlain) = state.progressTimes(label: label, now: now)
    let elapsed = now.timeIntervalSince(started)
    let left = done > 0 ? elapsed / Double(done) * Double(total - done) : .nan
    let width = 24
    let filled = total > 0 ? width * done / total : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    let line =
      "  \(label) \(bar) \(done)/\(total)\(detail.isEmpty ? "" : "  " + detail)"
      + "  \(formatDuration(elapsed)) elapsed, \(left.isNaN ? "?" : formatDuration(left)) left"
    if isTerminal {
      queue.sync {
        FileHandle.standardError.write(
          Data(("\r\u{1B}[2K" + line + (done == total ? "\n" : "")).utf8))
      }
    } else if done == total || now.timeIntervalSince(lastPlain) >= 5 || done == 1 {
      state.markPlain(label: label, now: now)
      write(line)
    }
  }

  func write(_ line: String) {
    guard !quiet else { return }
    queue.sync { FileHandle.standardError.write(Data((line + "\n").utf8)) }
  }
}

/// Times one stage; `finish` prints "✓ name (1.2 s)".
public struct StageTimer: Sendable {
  let log: Log
  let name: String
  let start = Date()

  public var elapsed: TimeInterval { Date().timeIntervalSince(start) }

  @discardableResult
  public func finish(_ detail: String = "") -> TimeInterval {
    let seconds = elapsed
    log.write("✓ \(name) (\(formatDuration(seconds)))\(detail.isEmpty ? "" : ": " + detail)")
    return seconds
  }
}

/// "0.4 s", "12 s", "3 min 05 s".
public func formatDuration(_ seconds: TimeInterval) -> String {
  if seconds < 10 { return String(format: "%.1f s", seconds) }
  if seconds < 120 { return String(format: "%.0f s", seconds) }
  let whole = Int(seconds.rounded())
  return String(format: "%d min %02d s", whole / 60, whole % 60)
}

private final class LockedState: @unchecked Sendable {
  // Guarded by `lock`; progress may be reported from worker threads.
  private let lock = NSLock()
  private var starts: [String: Date] = [:]
  private var plains: [String: Date] = [:]

  func progressTimes(label: String, now: Date) -> (Date, Date) {
    lock.lock()
    defer { lock.unlock() }
    if starts[label] == nil { starts[label] = now }
    return (starts[label]!, plains[label] ?? .distantPast)
  }

  func markPlain(label: String, now: Date) {
    lock.lock()
    defer { lock.unlock() }
    plains[label] = now
  }
}

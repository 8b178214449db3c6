import Dispatch
import Foundation

/// The run was asked to stop by a signal. Catch it at the top level, let cleanup run (cache
/// entries in progress are discarded by their `store`), and exit with `exitCode`.
public struct InterruptedError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The signal that arrived: `SIGINT` (Ctrl-C) or `SIGTERM`.
  public let signal: Int32

  public init(signal: Int32) {
    self.signal = signal
  }

  /// The conventional shell status for death by this signal: 128 + signal number, so 130 for
  /// SIGINT and 143 for SIGTERM.
  public var exitCode: Int32 { 128 + signal }

  public var description: String {
    let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
    return "interrupted by \(name); finished stages are cached and will be reused by the next run"
  }
}

/// Ctrl-C (SIGINT) and SIGTERM handling for long runs, without work inside a signal handler.
///
/// `install()` sets both signals' default action aside (`signal(_, SIG_IGN)`) and watches them
/// with `DispatchSource` signal sources, which run an ordinary handler on a queue. The first
/// signal is only recorded; long loops call `try Interruption.check()` every few seconds of work
/// at most and unwind with `InterruptedError`. A second signal while the run is shutting down
/// exits the process at once with that signal's code (130 or 143).
///
/// The state is process-wide, as signals are; it is guarded by a lock and safe to read from any
/// thread.
public enum Interruption {
  /// Starts watching SIGINT and SIGTERM. Idempotent. Returns once the signal sources are
  /// registered, so a signal sent right after this call is caught rather than lost.
  public static func install() {
    state.installOnce {
      let queue = DispatchQueue(label: "siamese-report.interruption")
      let registered = DispatchGroup()
      var sources: [any DispatchSourceSignal] = []
      for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler { received(number) }
        registered.enter()
        source.setRegistrationHandler { registered.leave() }
        source.resume()
        sources.append(source)
      }
      registered.wait()
      return sources
    }
  }

  /// Throws `InterruptedError` if SIGINT or SIGTERM has arrived since `install()`; otherwise
  /// returns at the cost of one lock.
  public static func check() throws {
    if let number = state.requestedSignal {
      throw InterruptedError(signal: number)
    }
  }

  /// Whether a stop was requested by a signal.
  public static var isRequested: Bool { state.requestedSignal != nil }

  private static let state = InterruptionState()

  private static func received(_ number: Int32) {
    if !state.recordFirst(number) {
      // Already shutting down and asked again: the user wants out now.
      exit(128 + number)
    }
  }
}

/// Process-wide signal state. A class with a lock rather than an actor because `check()` is
/// called synchronously from hot loops on any thread.
private final class InterruptionState: @unchecked Sendable {
  private let lock = NSLock()
  // Separate from `lock`: installing waits for the sources to register on their queue, where a
  // signal handler may already be waiting for `lock`.
  private let installLock = NSLock()
  private var signalNumber: Int32?
  // Kept only so the sources stay alive for the life of the process.
  private var sources: [any DispatchSourceSignal]?

  var requestedSignal: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return signalNumber
  }

  func installOnce(_ make: () -> [any DispatchSourceSignal]) {
    installLock.lock()
    defer { installLock.unlock() }
    if sources == nil {
      sources = make()
    }
  }

  /// Records `number` if no signal was recorded yet; false when one already was.
  func recordFirst(_ number: Int32) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard signalNumber == nil else { return false }
    signalNumber = number
    return true
  }
}

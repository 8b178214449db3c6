import COpenBLAS
import Foundation

/// What the BLAS library runs with: its kernel set ("core") and its thread count.
public struct BLASInfo: Sendable, Codable, Equatable {
  /// The OpenBLAS core in use now, as `openblas_get_corename` names it (e.g. "SkylakeX").
  public let core: String
  /// Threads OpenBLAS uses for one SGEMM; the engine's own parallel loops use as many workers.
  public let threads: Int
  /// The core OpenBLAS had chosen by itself (CPU detection or `OPENBLAS_CORETYPE`) before the
  /// engine changed it.
  public let detectedCore: String
}

/// Selects the OpenBLAS core and thread count for this process.
///
/// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH and picks its kernels when it loads. On
/// AMD Zen 4 (AVX-512) it does not recognise the CPU and falls back to slower kernels, and
/// `OPENBLAS_CORETYPE=Haswell` in the environment forces the AVX2 kernels, which run at about
/// half the speed of the AVX-512 ones here (221 against 430 GFLOP/s on a 1024³ SGEMM). The
/// engine reads the CPU flags itself and reloads the core: SkylakeX when the CPU has
/// AVX-512 F/BW/VL, Haswell when it has AVX2 and FMA, otherwise what OpenBLAS chose.
public enum BLASRuntime {
  /// Configures the core (once per process) and sets the thread count, then reports both.
  ///
  /// Every engine entry point that calls BLAS runs the core selection first, so calling this
  /// is only needed to choose the thread count or to read the result. Idempotent.
  /// - Parameter threads: threads for SGEMM and the engine's loops; `nil` keeps OpenBLAS's
  ///   own choice (its default, or `OPENBLAS_NUM_THREADS`).
  @discardableResult
  public static func configure(threads: Int? = nil) -> BLASInfo {
    let selection = coreSelection
    if let threads {
      precondition(threads >= 1, "BLAS thread count must be at least 1, got \(threads)")
      openblas_set_num_threads(Int32(threads))
      state.withLock { $0 = threads }
    }
    return BLASInfo(
      core: String(cString: openblas_get_corename()), threads: BLASRuntime.threads,
      detectedCore: selection.detected)
  }

  /// The thread count in effect.
  public static var threads: Int {
    _ = coreSelection
    return state.withLock { $0 }
  }

  /// Runs `body` with OpenBLAS limited to one thread, then restores the configured count.
  ///
  /// The OpenBLAS thread count is process-wide, so engine calls running at the same time on
  /// several threads see each other's setting. That affects speed; the engine's promise of
  /// bit-identical results is made for one call at a time with a fixed thread count.
  static func withSingleThreadedBLAS<Result>(_ body: () -> Result) -> Result {
    let configured = threads
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(Int32(configured)) }
    return body()
  }

  /// Makes sure the core selection has run; called before the first BLAS use.
  static func ensureConfigured() { _ = coreSelection }

  /// The process-wide thread count. It mirrors OpenBLAS's own global setting, which is why it
  /// is global too; the lock makes reads from worker threads safe.
  private static let state = LockedValue(Int(openblas_get_num_threads()))

  /// Runs once (Swift initialises static lets exactly once, thread-safely).
  private static let coreSelection: (detected: String, chosen: String) = {
    let detected = String(cString: openblas_get_corename())
    let flags = cpuFlags()
    let wanted: String?
    if ["avx512f", "avx512bw", "avx512vl"].allSatisfy(flags.contains) {
      wanted = "SkylakeX"
    } else if flags.contains("avx2") && flags.contains("fma") {
      wanted = "Haswell"
    } else {
      wanted = nil
    }
    if let wanted, wanted.lowercased() != detected.lowercased() {
      gotoblas_dynamic_quit()
      setenv("OPENBLAS_CORETYPE", wanted, 1)
      gotoblas_dynamic_init()
    }
    return (detected, String(cString: openblas_get_corename()))
  }()

  /// The CPU feature flags of the first processor in /proc/cpuinfo (empty where that file does
  /// not exist, which leaves OpenBLAS's choice alone).
  static func cpuFlags() -> Set<String> {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return []
    }
    for line in text.split(separator: "\n") where line.hasPrefix("flags") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
    return []
  }
}

/// A value behind a lock, for the little process-wide state the engine keeps.
final class LockedValue<Value>: @unchecked Sendable {
  private var value: Value
  private let lock = NSLock()

  init(_ value: Value) { self.value = value }

  func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}

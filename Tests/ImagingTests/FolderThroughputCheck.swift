import Dispatch
import Foundation
import Imaging
import Testing

/// Decodes and preprocesses every image under the folder named by IMAGING_BENCH_FOLDER, two
/// files at a time, and prints the wall time and any rejections. A measurement for people, not
/// an assertion on time; it only checks that each file either decodes or gives a reason.
/// Does nothing when the variable is unset.
@Test func decodeWholeFolderWhenAsked() throws {
  guard let path = ProcessInfo.processInfo.environment["IMAGING_BENCH_FOLDER"] else { return }
  let root = URL(fileURLWithPath: path)
  let extensions: Set<String> = ["png", "jpg", "jpeg"]
  let files = try #require(FileManager.default.subpaths(atPath: path))
    .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()

  let outcomes = Outcomes(count: files.count)
  let clock = ContinuousClock()
  let elapsed = clock.measure {
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      do throws(ImageError) {
        let raster = try ImageDecoder.decode(file: root.appendingPathComponent(files[i]))
        outcomes.set(i, Preprocessing().apply(raster).channels == 1 ? nil : "wrong channels")
      } catch {
        outcomes.set(i, error.description)
      }
    }
  }
  let rejected = outcomes.all.compactMap { $0 }
  print(
    "decoded + preprocessed \(files.count - rejected.count) of \(files.count) files in "
      + "\(elapsed) (\(Double(files.count) / elapsed.seconds) files/s)")
  for line in rejected { print("rejected:", line) }
  #expect(outcomes.all.count == files.count)
}

private final class Outcomes: @unchecked Sendable {
  private var values: [String?]
  private let lock = NSLock()
  init(count: Int) { values = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ value: String?) { lock.withLock { values[i] = value } }
  var all: [String?] { lock.withLock { values } }
}

extension Duration {
  fileprivate var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}

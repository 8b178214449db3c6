import Foundation
import Pipeline
import Testing

/// Times a cold (hash everything) and a warm (stat only) fingerprint pass over the real X-ray
/// sample. Runs only when SIAMESE_XRAY_DIR names that folder (CI sets it); it prints the times
/// and asserts only the counts, never the times, since those depend on the machine.
///
///     SIAMESE_XRAY_DIR=/work/shared/xray-a swift test -c release \
///       --filter FingerprintMeasurement
@Suite struct FingerprintMeasurement {
  static let folder = ProcessInfo.processInfo.environment["SIAMESE_XRAY_DIR"]

  @Test(.enabled(if: folder != nil)) func coldAndWarmPasses() throws {
    let root = URL(fileURLWithPath: try #require(Self.folder))
    let clock = ContinuousClock()

    var files: [URL] = []
    let listing = try clock.measure {
      files = try FileListing.regularFiles(under: root)
    }

    var index = FingerprintIndex()
    var cold = FingerprintResult(fingerprints: [:], rehashedCount: 0)
    let coldTime = try clock.measure {
      cold = try index.fingerprint(files: files, relativeTo: root)
    }

    let scratch = try TestFolder()
    let indexURL = scratch.url.appendingPathComponent("fingerprints.json")
    let saveTime = try clock.measure { try index.save(to: indexURL) }
    var reloaded = FingerprintIndex()
    let loadTime = clock.measure { reloaded = FingerprintIndex.load(from: indexURL) }

    var warm = FingerprintResult(fingerprints: [:], rehashedCount: 0)
    let warmTime = try clock.measure {
      warm = try reloaded.fingerprint(files: files, relativeTo: root)
    }
    let verifyTime = try clock.measure { try verifyUnchanged(warm.sorted, root: root) }

    let bytes = cold.fingerprints.values.reduce(Int64(0)) { $0 + $1.size }
    print(
      """
      fingerprint measurement on \(root.path): \(files.count) files, \(bytes) bytes
        list files        \(listing)
        cold pass         \(coldTime) (rehashed \(cold.rehashedCount))
        save index        \(saveTime)
        load index        \(loadTime)
        warm pass         \(warmTime) (rehashed \(warm.rehashedCount))
        verifyUnchanged   \(verifyTime)
      """)
    #expect(cold.rehashedCount == files.count)
    #expect(warm.rehashedCount == 0)
    #expect(warm.treeHash == cold.treeHash)
  }
}

/// Lists regular files below a folder, for the measurement only.
enum FileListing {
  static func regularFiles(under root: URL) throws -> [URL] {
    let keys: [URLResourceKey] = [.isRegularFileKey]
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys)
    else { return [] }
    var files: [URL] = []
    for case let url as URL in walker
    where try url.resourceValues(forKeys: Set(keys)).isRegularFile == true {
      files.append(url)
    }
    return files
  }
}

import COpenBLAS
import Dispatch

/// A raw pointer that may cross into `concurrentPerform` workers.
///
/// Safe only because every parallel loop in this module gives each worker a disjoint range of
/// the output, and the caller keeps the buffer alive until `concurrentPerform` returns.
struct SharedPointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<Float>
  init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}

/// A read-only counterpart of `SharedPointer`.
struct SharedConstPointer: @unchecked Sendable {
  let base: UnsafePointer<Float>
  init(_ base: UnsafePointer<Float>) { self.base = base }
}

/// Byte buffers for max-pooling argmax indices.
struct SharedBytePointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<UInt8>
  init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
}

/// Runs `body` over `0..<count` split into at most `BLASRuntime.threads` contiguous ranges.
///
/// The split depends only on `count` and the thread count, and each index is handled by exactly
/// one worker, so results are bit-identical from run to run when bodies write disjoint outputs.
func parallelFor(_ count: Int, minimumPerWorker: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
  guard count > 0 else { return }
  let workers = max(1, min(BLASRuntime.threads, count / max(minimumPerWorker, 1)))
  if workers == 1 {
    body(0..<count)
    return
  }
  DispatchQueue.concurrentPerform(iterations: workers) { worker in
    let lower = count * worker / workers
    let upper = count * (worker + 1) / workers
    body(lower..<upper)
  }
}

/// Splits `count` images into one contiguous range per worker and runs `body(range, worker)`
/// for each range concurrently, with OpenBLAS limited to one thread meanwhile so that every
/// worker's SGEMM runs on its own core instead of contending for OpenBLAS's thread pool.
///
/// The split depends only on `count` and the thread count, so results that are combined in
/// worker order are reproducible bit for bit.
@discardableResult
func forEachWorker(
  _ count: Int, _ body: @Sendable (_ range: Range<Int>, _ worker: Int) -> Void
) -> Int {
  let workers = max(1, min(BLASRuntime.threads, count))
  if workers == 1 {
    body(0..<count, 0)
    return 1
  }
  BLASRuntime.withSingleThreadedBLAS {
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      body((count * worker / workers)..<(count * (worker + 1) / workers), worker)
    }
  }
  return workers
}

import Foundation
import Testing
@testable import Membership

/// Prints the detection figures quoted in reviews (virtual time, default settings). Off by default:
/// `MEMBERSHIP_FIGURES=1 swift test --filter DetectionFigures`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MEMBERSHIP_FIGURES"] != nil))
struct DetectionFigures {
    static func seconds(_ duration: Duration) -> String { String(format: "%.2f", Double(duration.wholeNanoseconds) / 1e9) }

    @Test func timeToDeclareAKilledNodeDead() {
        print("killed node: time until the last survivor declares it dead (60 runs each)")
        for size in [3, 5, 9] {
            for hints in [false, true] {
                var last = (0..<60).map { run in
                    FailureDetectionTests.killAndWatch(size: size, seed: UInt64(run + 1) &* 7919, hints: hints, victim: "n\(run % size)").1.max()!
                }
                last.sort()
                print("  n=\(size) link hints \(hints ? "on " : "off"): min \(Self.seconds(last.first!)) median \(Self.seconds(last[30])) p95 \(Self.seconds(last[57])) max \(Self.seconds(last.last!))")
            }
        }
    }

    @Test func pausesAndDelaysTolerated() {
        print("slow node: runs (of 20) in which it was declared dead")
        for size in [3, 5, 9] {
            var line = "  n=\(size) pause"
            for pause in [800, 1000, 1200, 1500, 2000] {
                var dead = 0
                for run in 0..<20 {
                    var cluster = ClusterSimulator(size: size, seed: UInt64(run + 1) &* 31)
                    cluster.startAll()
                    cluster.run(for: .seconds(4) + .milliseconds(Int64(run * 37 % 250)))
                    let victim = "n\(run % size)"
                    cluster.pause(victim, for: .milliseconds(Int64(pause)))
                    cluster.run(for: .seconds(8))
                    if cluster.observations(about: victim).contains(where: { if case .dead = $0.event { true } else { false } }) { dead += 1 }
                }
                line += " \(pause)ms:\(dead)"
            }
            line += " | busy"
            for delay in [200, 500, 800, 1000] {
                var dead = 0
                for run in 0..<20 {
                    var cluster = ClusterSimulator(size: size, seed: UInt64(run + 1) &* 17)
                    cluster.startAll()
                    cluster.run(for: .seconds(4))
                    let victim = "n\(run % size)"
                    cluster.makeBusy(victim, delay: .milliseconds(Int64(delay)))
                    cluster.run(for: .seconds(20))
                    if cluster.observations(about: victim).contains(where: { if case .dead = $0.event { true } else { false } }) { dead += 1 }
                }
                line += " \(delay)ms:\(dead)"
            }
            print(line)
        }
    }

    @Test func timeToConvergeAndToMergeAfterAPartition() {
        for size in [3, 5, 9] {
            var joins: [Duration] = []
            var merges: [Duration] = []
            for run in 0..<20 {
                var cluster = ClusterSimulator(size: size, seed: UInt64(run + 1) &* 101)
                let start = cluster.now
                cluster.startAll()
                joins.append(cluster.run(for: .seconds(10), until: { $0.isConverged() })! - start)
                cluster.run(for: .seconds(3))
                let names = cluster.names
                cluster.partition([Array(names.prefix(size / 2 + 1)), Array(names.dropFirst(size / 2 + 1))])
                cluster.run(for: .seconds(8))
                cluster.heal()
                let healed = cluster.now
                merges.append((cluster.run(for: .seconds(30), until: { $0.isConverged() }) ?? healed + .seconds(999)) - healed)
            }
            print("  n=\(size): converged from start in max \(Self.seconds(joins.max()!)) s; merged after healing in median \(Self.seconds(merges.sorted()[10])) max \(Self.seconds(merges.max()!)) s")
        }
    }
}

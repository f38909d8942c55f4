import Foundation

/// The command line: `partnerdash-bench [--customers N] [--resellers R] [--runs K]
/// [--json FILE] [--binary PATH] [--keep]`. The `--child-*` forms are the benchmark
/// calling itself to measure memory in a fresh process, or to be one of several writers.
struct Options {
    var customers = 200_000
    var resellers = 2_000
    var runs = 5
    /// Runs of the slow peer measurements (bulk insert, full load); at most `runs`.
    var peerRuns = 3
    var commits = 250
    /// Commands in each `partnerdash batch` file of the `cli` part (the goal is for 1,000).
    var batch = 1_000
    var json: String?
    var binary: String?
    var keep = false
    var seed: UInt64 = 1
    /// Sleep between two looks at the tmux screen (a look itself takes ~0.2 ms).
    var pollMicroseconds = 1500
    var child: Child?
    /// A directory kept by an earlier `--keep` run: its workspace and database are used
    /// instead of generating them again (the figures still come from this run).
    var reuse: String?
    /// Only these parts (`parts`); nil for all.
    var only: Set<String>?
    static let parts = ["write", "open", "memory", "tmux", "filter", "search", "commit", "snapshot", "live", "writers", "postgres", "paste", "import", "cli",
                        "dashboards"]

    enum Child {
        /// A bare process (the catalog loaded): the memory every process starts with.
        case baseline
        /// Open a workspace and render Home once, as the program does.
        case open(String)
        /// Read a snapshot of the customers and subscriptions only.
        case sameRows(String)
        /// The peer's full load.
        case peerLoad(String)
        /// One of the writers (`WriterProcesses.Spec` as JSON).
        case writer(String)
        /// Decode a snapshot and free the model structure by structure (`MemoryBreakdown`).
        case memoryBreakdown(String)
    }

    static let usage = """
        usage: partnerdash-bench [--customers N] [--resellers R] [--runs K] [--peer-runs K] [--commits N]
                                 [--seed S] [--json FILE] [--binary PATH] [--keep] [--reuse DIR] [--only PARTS]
          --customers N   customers in the generated workspace (default 200000)
          --resellers R   indirect resellers (default 2000)
          --runs K        runs of each measurement; medians are over these (default 5)
          --peer-runs K   runs of the SQLite bulk insert and full load (default 3, at most --runs)
          --commits N     journaled commands for the append + fdatasync figures (default 250)
          --batch N       commands in each `partnerdash batch` file of the cli part (default 1000)
          --json FILE     also write every figure (and every sample) as JSON
          --binary PATH   the release partnerdash to time in tmux (default: next to this program)
          --poll-us N     sleep between two looks at the tmux screen, in µs (default 1500: a look every ~1.7 ms)
          --keep          keep the generated workspace and database (the path is printed)
          --reuse DIR     use the workspace and database a --keep run left in DIR instead of generating them
          --only PARTS    comma-separated subset of: write,open,memory,tmux,filter,search,commit,snapshot,live,writers,postgres,paste,import,cli,
                          dashboards
                          (search: text search vs SQLite FTS5 with the trigram tokenizer, the reseller filter
                          vs indexed relationships)
                          (snapshot: commits and Customers keystrokes while a background snapshot is written;
                          live: a commit here shown on a dashboard in tmux; writers: 1 and 4 writer processes
                          on one directory;
                          cli: one partnerdash command as a whole process, list and update;
                          postgres: a throwaway server from $PARTNERDASH_TEST_POSTGRES, else a private
                          cluster started from /usr/lib/postgresql/*/bin; skipped with a note when neither
                          (an error under CI=true);
                          import: `partnerdash import` of 10,000 customers and their subscriptions into an
                          empty twin, the whole command;
                          memory: where a decoded model's bytes go, structure by structure (malloc's
                          figures in a fresh process; the peak and resident rows come with open);
                          dashboards: the binary in tmux, 1 then 4 at once on one workspace, each one's RSS and PSS
                          from /proc/PID/smaps_rollup once Home shows its counts)
        scripts/bench --smoke [OPTIONS]   CI's run: a debug build, 500 customers, 10 resellers, 1 run, every part
        """

    static func parse(_ arguments: [String]) -> Options {
        var o = Options()
        var i = 1
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func number(_ text: String) -> Int {
            guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n >= 0 else { fail("not a number: \(text)") }
            return n
        }
        var peerRunsGiven = false
        while i < arguments.count {
            switch arguments[i] {
            case "--customers": o.customers = number(value())
            case "--resellers": o.resellers = number(value())
            case "--runs": o.runs = max(1, number(value()))
            case "--peer-runs":
                o.peerRuns = max(1, number(value()))
                peerRunsGiven = true
            case "--commits": o.commits = max(1, number(value()))
            case "--batch": o.batch = max(2, number(value()))
            case "--seed": o.seed = UInt64(number(value()))
            case "--poll-us": o.pollMicroseconds = number(value())
            case "--json": o.json = value()
            case "--binary": o.binary = value()
            case "--keep": o.keep = true
            case "--reuse": o.reuse = value()
            case "--only":
                let parts = Set(value().split(separator: ",").map(String.init))
                if let unknown = parts.subtracting(parts.intersection(Options.parts)).first { fail("unknown part \(unknown)") }
                o.only = parts
            case "--child-baseline": o.child = .baseline
            case "--child-open": o.child = .open(value())
            case "--child-peer-load": o.child = .peerLoad(value())
            case "--child-same-rows": o.child = .sameRows(value())
            case "--child-writer": o.child = .writer(value())
            case "--child-memory": o.child = .memoryBreakdown(value())
            case "-h", "--help":
                print(usage)
                exit(0)
            default: fail("unknown argument \(arguments[i])")
            }
            i += 1
        }
        if !peerRunsGiven { o.peerRuns = min(o.peerRuns, o.runs) }
        return o
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("partnerdash-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }
}

import Testing
import VFXRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The embedding API, driven as a host program would: one interpreter for the whole test
/// process (CPython starts once), scripts and hooks run in it, results and errors back.
@Suite struct RuntimeTests {
    /// The one runtime of this process; start-up scripts off so the tests do not depend on
    /// the caller's VFXRUN_PATH.
    static let runtime = Result { () throws(RuntimeError) in
        try Runtime.start(Runtime.Configuration(runsStartupScripts: false))
    }

    private func started() throws -> Runtime { try Self.runtime.get() }

    /// This process's scratch folder (made once, private to it), removed with what it holds
    /// when the test process exits.
    private static let scratchFolder: String? = {
        var template = Array("/tmp/vfxruntime-tests-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { return nil }
        atexit {
            guard let folder = RuntimeTests.scratchFolder, let entries = opendir(folder) else { return }
            while let entry = readdir(entries) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { unlink("\(folder)/\(name)") }
            }
            closedir(entries)
            rmdir(folder)
        }
        return String(cString: template)
    }()

    /// A scratch file holding `text`; returns its path.
    private func scratchFile(_ name: String, _ text: String) throws -> String {
        guard let folder = Self.scratchFolder else { throw RuntimeError(kind: "test", message: "cannot make a scratch folder") }
        let path = "\(folder)/\(name)"
        guard let file = fopen(path, "w") else { throw RuntimeError(kind: "test", message: "cannot write \(path)") }
        fputs(text, file)
        fclose(file)
        return path
    }

    @Test func startingTwiceReturnsTheSameInterpreter() throws {
        let first = try started()
        let second = try Runtime.start()
        #expect(first === second)
    }

    @Test func codeRunsWithVfxpyAndValuesComeBackAsJSON() throws {
        let runtime = try started()
        try runtime.run(code: "import vfxpy\nimg = vfxpy.Image.new(4, 3, channels=3, format='f32', fill=0.5)")
        #expect(try runtime.evaluate("[img.width, img.height, img.channels, img.format]") == [4, 3, 3, "f32"])
        #expect(try runtime.evaluate("{'half': 0.5, 'none': None, 'ok': True}") == ["half": 0.5, "none": nil, "ok": true])
    }

    @Test func hookGetsItsContextAndReturnsItsResult() throws {
        let runtime = try started()
        let hook = try scratchFile("publish.py", """
            def main(context):
                return {"shot": context["shot"].upper(), "frames": [f + 1 for f in context["frames"]],
                        "scale": context["scale"] * 2, "note": context.get("missing")}
            """)
        let result = try runtime.callHook(script: hook, context: ["shot": "sh010", "frames": [1001, 1002], "scale": 0.25])
        #expect(result == ["shot": "SH010", "frames": [1002, 1003], "scale": 0.5, "note": nil])
        #expect(result.description == #"{"frames":[1002,1003],"note":null,"scale":0.5,"shot":"SH010"}"#)
    }

    @Test func failingHookThrowsWithTheTraceback() throws {
        let runtime = try started()
        let hook = try scratchFile("broken.py", """
            def main(context):
                raise ValueError("no plate for " + context["shot"])
            """)
        do {
            _ = try runtime.callHook(script: hook, context: ["shot": "sh020"])
            Issue.record("the hook's exception did not reach Swift")
        } catch {
            #expect(error.kind == "ValueError")
            #expect(error.message == "no plate for sh020")
            #expect(error.traceback.contains("broken.py\", line 2, in main"))
        }
    }

    @Test func hookBreakingTheContractIsAClearError() throws {
        let runtime = try started()
        let noMain = try scratchFile("nomain.py", "x = 1\n")
        #expect {
            _ = try runtime.callHook(script: noMain)
        } throws: { error in
            (error as? RuntimeError).map { $0.kind == "HookError" && $0.message.contains("defines no main") } ?? false
        }
        let notJSON = try scratchFile("notjson.py", "def main(context):\n    return {'when': object()}\n")
        #expect {
            _ = try runtime.callHook(script: notJSON)
        } throws: { error in
            (error as? RuntimeError).map { $0.kind == "HookError" && $0.message.contains("object") } ?? false
        }
    }

    @Test func scriptFileRunsAsMainWithItsArguments() throws {
        let runtime = try started()
        let script = try scratchFile("args.py", """
            import sys, builtins
            builtins._vfxruntime_seen = (__name__, sys.argv[1:])
            if sys.argv[1] == "fail":
                sys.exit(3)
            """)
        try runtime.run(file: script, arguments: ["a", "b"])
        #expect(try runtime.evaluate("list(__builtins__._vfxruntime_seen)") == ["__main__", ["a", "b"]])
        do {
            try runtime.run(file: script, arguments: ["fail"])
            Issue.record("sys.exit(3) did not become an error")
        } catch {
            #expect(error.kind == "SystemExit")
            #expect(error.exitStatus == 3)
        }
    }
}

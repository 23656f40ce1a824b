import PythonBridge
import Synchronization
import Testing
import VFXRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The bridge on a live interpreter: argument matching, conversions, reference counts and
/// the mapping of Swift errors to Python exceptions. The interpreter is the one `Runtime`
/// starts: CPython starts once per process, and the test targets share the process.
@Suite struct BridgeTests {
    static let runtime = Result { () throws(RuntimeError) in
        try Runtime.start(Runtime.Configuration(runsStartupScripts: false))
    }

    /// Runs `body` holding the GIL on the started interpreter.
    private func python<T>(_ body: () throws(PythonException) -> T) throws -> T {
        _ = try Self.runtime.get()
        let result: Result<T, PythonException> = withGIL {
            do throws(PythonException) {
                return .success(try body())
            } catch .alreadySet {
                // Name the exception the interpreter holds, for the test's report.
                let caught = CaughtException.take()
                return .failure(.runtimeError("\(caught?.typeName ?? "?"): \(caught?.value?.text ?? "")"))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// `eval(expression)` in a fresh namespace.
    private func evaluate(_ expression: String) throws(PythonException) -> PyRef {
        try importModule("builtins").attribute("eval").call([expression.toPython(), makeDict([])])
    }

    /// `body(eval(expression))`, the object alive until `body` returns (a temporary
    /// `PyRef` may be dropped as soon as its pointer is read).
    private func with<T>(_ expression: String, _ body: (PyPointer) throws(PythonException) -> T) throws(PythonException) -> T {
        let object = try evaluate(expression)
        return try withExtendedLifetime(object) { () throws(PythonException) in try body(object.pointer) }
    }

    /// `sys.getrefcount(object)`.
    private func refcount(_ object: PyRef) throws(PythonException) -> Int {
        let count = try importModule("sys").attribute("getrefcount").call([object])
        return try withExtendedLifetime(count) { () throws(PythonException) in try convertInt(count.pointer, name: "count") }
    }

    /// The message of a `typeError`/`valueError`, nil for anything else.
    private func message(_ error: PythonException) -> String? {
        switch error {
        case .typeError(let text), .valueError(let text): text
        default: nil
        }
    }

    /// Matches a call `f(*positional, **keywords)` against `names` and returns the
    /// outcome: the matched values as text, or the error message.
    private func match(_ positional: [String], _ keywords: [(String, String)], names: [String] = ["a", "b", "c"],
                       required: Int = 1, catchAll: Bool = false) throws -> (values: [String: String], extra: [String], error: String?) {
        try python { () throws(PythonException) in
            let args = try makeTuple(positional.map { t throws(PythonException) in try evaluate(t) })
            var entries: [(String, PyRef)] = []
            for (key, value) in keywords { entries.append((key, try evaluate(value))) }
            let kwargs = try makeDict(entries)
            do throws(PythonException) {
                let arguments = try Arguments(function: "f()", args: args.pointer, kwargs: kwargs.pointer,
                                              names: names, required: required, keywordCatchAll: catchAll)
                var values: [String: String] = [:]
                for name in names {
                    if let given = arguments.given(name) { values[name] = PyRef(borrowed: given).text }
                }
                let extra = arguments.extraKeywords.map { "\($0.0)=\(PyRef(borrowed: $0.1).text)" }
                withExtendedLifetime((args, kwargs)) {}
                return (values, extra, nil)
            } catch {
                return ([:], [], message(error) ?? "\(error)")
            }
        }
    }

    @Test func argumentsMatchPositionalsAndKeywordsAsPythonDoes() throws {
        let matched = try match(["1", "'two'"], [("c", "3.5")])
        #expect(matched.values == ["a": "1", "b": "two", "c": "3.5"])
        #expect(matched.error == nil)
        #expect(try match(["1", "2", "3", "4"], []).error == "f() takes at most 3 positional arguments (4 given)")
        #expect(try match([], [("b", "2")]).error == "f() missing required argument 'a'")
        #expect(try match(["1"], [("a", "2")]).error == "f() got multiple values for argument 'a'")
        #expect(try match(["1"], [("d", "2")]).error == "f() got an unexpected keyword argument 'd'")
    }

    @Test func noneIsNotGivenToTheSubscriptButIsToGiven() throws {
        let result = try python { () throws(PythonException) -> (Bool, Bool, Int) in
            let args = try makeTuple([PyRef.none])
            let arguments = try Arguments(function: "f()", args: args.pointer, kwargs: nil, names: ["a"], required: 1)
            return try withExtendedLifetime(args) { () throws(PythonException) in
                (arguments["a"] == nil, arguments.given("a").map(isNone) ?? false, try arguments.int("a", default: 7))
            }
        }
        #expect(result == (true, true, 7))
    }

    @Test func keywordCatchAllCollectsUnknownKeywordsInCallOrder() throws {
        let matched = try match(["1"], [("zeta", "1"), ("b", "2"), ("alpha", "'x'")], catchAll: true)
        #expect(matched.error == nil)
        #expect(matched.values == ["a": "1", "b": "2"])
        #expect(matched.extra == ["zeta=1", "alpha=x"])
        // Named parameters keep their checks.
        #expect(try match(["1"], [("a", "2")], catchAll: true).error == "f() got multiple values for argument 'a'")
    }

    @Test func keywordsMustBeStrings() throws {
        let error = try python { () throws(PythonException) -> String? in
            try with("{1: 2}") { kwargs throws(PythonException) in
                do throws(PythonException) {
                    _ = try Arguments(function: "f()", args: nil, kwargs: kwargs, names: ["a"], keywordCatchAll: true)
                    return nil
                } catch {
                    return message(error)
                }
            }
        }
        #expect(error == "f() keywords must be strings")
    }

    @Test func conversionsAcceptWhatPythonWouldAndNameTheArgument() throws {
        let values = try python { () throws(PythonException) in
            (try with("True") { o throws(PythonException) in try convertInt(o, name: "n") },
             try with("-(2**62)") { o throws(PythonException) in try convertInt(o, name: "n") },
             try with("3") { o throws(PythonException) in try convertDouble(o, name: "x") },
             try with("'é✓'") { o throws(PythonException) in try convertString(o, name: "s") },
             try with("[0]") { o throws(PythonException) in try convertBool(o, name: "b") },
             try with("b'\\x00\\xff'") { o throws(PythonException) in try convertBytes(o) })
        }
        #expect(values.0 == 1)
        #expect(values.1 == -(1 << 62))
        #expect(values.2 == 3.0)
        #expect(values.3 == "é✓")
        #expect(values.4 == true)
        #expect(values.5 == [0, 255])
        func failure(_ expression: String, _ convert: (PyPointer) throws(PythonException) -> Void) throws -> String? {
            try python { () throws(PythonException) -> String? in
                try with(expression) { object throws(PythonException) in
                    do throws(PythonException) {
                        try convert(object)
                        return nil
                    } catch {
                        return message(error)
                    }
                }
            }
        }
        let errors = [
            try failure("1.5") { o throws(PythonException) in _ = try convertInt(o, name: "n") },
            try failure("2**70") { o throws(PythonException) in _ = try convertInt(o, name: "n") },
            try failure("'1'") { o throws(PythonException) in _ = try convertDouble(o, name: "x") },
            try failure("b'a'") { o throws(PythonException) in _ = try convertString(o, name: "s") },
        ]
        #expect(errors == ["n must be an int, not float", "n is out of range: 1180591620717411303424",
                           "x must be a number, not str", "s must be a str, not bytes"])
    }

    @Test func surrogateEscapedNamesGoBackToTheirBytes() throws {
        // os.listdir gives a name that is not UTF-8 as a str with surrogate escapes.
        let bytes = try python { () throws(PythonException) in
            try with("b'caf\\xe9.exr'.decode('utf-8', 'surrogateescape')") { o throws(PythonException) in
                try fileSystemBytes(o)
            }
        }
        #expect(bytes == Array("caf".utf8) + [0xE9] + Array(".exr".utf8))
    }

    @Test func dictsBuiltAndReadInOrder() throws {
        let (text, items, copyIsNew) = try python { () throws(PythonException) in
            let dict = try makeDict([("b", 1.toPython()), ("a", "x".toPython()), ("b", 2.toPython())])
            let items = try dictItems(dict.pointer, keysMessage: "keys").map { "\($0.0)=\(PyRef(borrowed: $0.1).text)" }
            let copy = try copyDict(dict.pointer)
            return (dict.text, items, copy.pointer != dict.pointer && isDict(copy.pointer) && copy.text == dict.text)
        }
        #expect(text == "{'b': 2, 'a': 'x'}")
        #expect(items == ["b=2", "a=x"])
        #expect(copyIsNew)
    }

    @Test func referencesAreCountedAndGivenBack() throws {
        let counts = try python { () throws(PythonException) -> [Int] in
            let object = try evaluate("object()")
            var counts = [try refcount(object)]
            do {
                let extra = PyRef(borrowed: object.pointer)
                counts.append(try refcount(object))
                withExtendedLifetime(extra) {}
            }
            counts.append(try refcount(object))
            do {
                // The tuple, the list and the dict each hold one reference of their own.
                let tuple = try makeTuple([object])
                let list = try makeList([object, object])
                let dict = try makeDict([("k", object)])
                counts.append(try refcount(object))
                let entries = dictEntries(dict.pointer)
                counts.append(try refcount(object))
                withExtendedLifetime((tuple, list, dict, entries)) {}
            }
            counts.append(try refcount(object))
            // release() hands over a new reference, which the caller owns.
            let handed = object.release()
            counts.append(try refcount(object))
            _ = try PyRef(owned: handed)
            counts.append(try refcount(object))
            return counts
        }
        let base = counts[0]
        #expect(counts == [base, base + 1, base, base + 4, base + 5, base, base + 1, base])
    }

    @Test func raisedExceptionsCarryTheirTypeAndMessage() throws {
        struct Convertible: PythonExceptionConvertible {
            var pythonException: PythonException { .valueError("converted") }
        }
        struct Plain: Error, CustomStringConvertible {
            var description: String { "plain failure" }
        }
        let raised = try python { () throws(PythonException) -> [String] in
            var seen: [String] = []
            let exceptions: [PythonException] = [
                .typeError("t"), .memoryError("m"), .overflowError("o"), .bufferError("b"), .keyboardInterrupt,
                PythonException(mapping: Convertible()), PythonException(mapping: Plain()),
                PythonException(mapping: PythonException.valueError("kept")), .alreadySet,
            ]
            for exception in exceptions {
                exception.raise()
                guard let caught = CaughtException.take() else {
                    seen.append("nothing raised")
                    continue
                }
                seen.append("\(caught.typeName): \(caught.value?.text ?? "")")
            }
            #expect(CaughtException.take() == nil)
            return seen
        }
        #expect(raised == ["TypeError: t", "MemoryError: m", "OverflowError: o", "BufferError: b", "KeyboardInterrupt: ",
                           "ValueError: converted", "RuntimeError: plain failure", "ValueError: kept",
                           "RuntimeError: unknown error in vfxpy"])
    }

    @Test func osErrorsSetErrnoAndFilename() throws {
        let fields = try python { () throws(PythonException) -> [String] in
            PythonException.osError(type: .osError, code: 2, message: "No such file", path: "/no/plate.exr").raise()
            guard let caught = CaughtException.take(), let value = caught.value else { return [] }
            return [caught.typeName, value.typeName, try value.attribute("errno").text, try value.attribute("strerror").text,
                    try value.attribute("filename").text]
        }
        // Raised as OSError, whose constructor builds the errno's subclass, as Python's own calls do.
        #expect(fields == ["OSError", "FileNotFoundError", "2", "No such file", "/no/plate.exr"])
    }

    @Test func bridgedTurnsThrownErrorsIntoNullAndASetException() throws {
        let outcome = try python { () throws(PythonException) -> (Bool, String, Int32, String) in
            let result = bridged { throw PythonException.valueError("bad value") }
            let first = CaughtException.take()?.typeName ?? "none"
            let status = bridgedStatus { throw PythonException.typeError("bad type") }
            let second = CaughtException.take()?.typeName ?? "none"
            return (result == nil, first, status, second)
        }
        #expect(outcome == (true, "ValueError", -1, "TypeError"))
    }

    @Test func releasingGILLetsOtherThreadsRunAndMapsErrors() throws {
        struct Failure: PythonExceptionConvertible {
            var pythonException: PythonException { .valueError("library failure") }
        }
        final class Flag: Sendable {
            let isSet = Atomic<Bool>(false)
        }
        let flag = Flag()
        var thread = pthread_t()
        let (ranMeanwhile, failure) = try python { () throws(PythonException) -> (Bool, String?) in
            // Another thread takes the GIL while the body runs: possible only if it was
            // released. (It is joined after the GIL is given back, so a body that kept the
            // GIL fails the test instead of hanging it.)
            let ranMeanwhile = try releasingGIL { () -> Bool in
                let started = pthread_create(&thread, nil, { argument in
                    guard let argument else { return nil }
                    let flag = Unmanaged<Flag>.fromOpaque(argument).takeRetainedValue()
                    withGIL { flag.isSet.store(true, ordering: .sequentiallyConsistent) }
                    return nil
                }, Unmanaged.passRetained(flag).toOpaque()) == 0
                guard started else { return false }
                for _ in 0..<2000 where !flag.isSet.load(ordering: .sequentiallyConsistent) { usleep(1000) }
                return flag.isSet.load(ordering: .sequentiallyConsistent)
            }
            do throws(PythonException) {
                try releasingGIL { () throws(Failure) in throw Failure() }
                return (ranMeanwhile, nil)
            } catch {
                return (ranMeanwhile, message(error))
            }
        }
        pthread_join(thread, nil)
        #expect(ranMeanwhile)
        #expect(failure == "library failure")
    }
}

#include "compiler/lsp/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "compiler/format/formatter.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/transport.h"
#include "compiler/syntax/parse_cache.h"

namespace kpic::lsp {

namespace {

using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
enum : int { kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602,
             kInternalError = -32603, kServerNotInitialized = -32002, kRequestFailed = -32803 };

struct RpcError {
  int code;
  std::string message;
};

struct Document {
  std::string uri, path, text;
  int version = 0;
  std::shared_ptr<const Analysis> analysis;
  bool dirty = true;
};

struct Incoming {
  enum class Kind { Message, Bad, Eof } kind = Kind::Message;
  std::string body;
};

struct LensJob {
  uint64_t generation = 0;
  std::string uri, path, text;
  int version = 0;
  std::map<std::string, std::string> buffers;  // open documents by path
};

class Server {
 public:
  Server(int in_fd, int out_fd, const ServerOptions& opts)
      : reader_(in_fd), writer_(out_fd), opts_(opts), buffers_([this](const std::string& path) -> std::optional<std::string> {
          if (auto it = by_path_.find(normal(path)); it != by_path_.end()) return docs_[it->second].text;
          return std::nullopt;
        }) {}

  int run() {
    std::thread input([this] { read_loop(); });
    std::thread lenses;
    if (opts_.evaluate) lenses = std::thread([this] { lens_loop(); });
    int code = 1;
    for (;;) {
      std::optional<Incoming> in = next();
      if (!in) {
        analyze_dirty();
        continue;
      }
      if (in->kind == Incoming::Kind::Eof) {
        code = shutdown_ ? 0 : 1;
        break;
      }
      if (in->kind == Incoming::Kind::Bad) {
        respond_error(nullptr, {kParseError, "malformed message header (no valid Content-Length)"});
        continue;
      }
      if (handle(in->body, code)) break;
    }
    stop_lenses();
    if (lenses.joinable()) lenses.join();
    // The input thread may be blocked in read(): detach it, the process is about to end.
    input.detach();
    return code;
  }

 private:
  // ---- input ----
  void read_loop() {
    for (;;) {
      Incoming in;
      auto status = reader_.read(in.body);
      in.kind = status == MessageReader::Status::Ok ? Incoming::Kind::Message
                : status == MessageReader::Status::Eof ? Incoming::Kind::Eof : Incoming::Kind::Bad;
      {
        std::lock_guard<std::mutex> lock(queue_mu_);
        queue_.push_back(std::move(in));
      }
      queue_cv_.notify_one();
      if (status == MessageReader::Status::Eof) return;
    }
  }

  // The next message, or nullopt when the debounce time of a changed document has passed.
  std::optional<Incoming> next() {
    std::unique_lock<std::mutex> lock(queue_mu_);
    for (;;) {
      if (!queue_.empty()) {
        Incoming in = std::move(queue_.front());
        queue_.pop_front();
        return in;
      }
      if (deadline_) {
        if (queue_cv_.wait_until(lock, *deadline_) == std::cv_status::timeout && queue_.empty()) {
          deadline_.reset();
          return std::nullopt;
        }
      } else {
        queue_cv_.wait(lock);
      }
    }
  }

  // ---- output ----
  void send(const json& j) { writer_.write(j.dump(-1, ' ', false, json::error_handler_t::replace)); }
  void respond(const json& id, json result) { send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}); }
  void respond_error(const json& id, const RpcError& e) {
    send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", e.code}, {"message", e.message}}}});
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  void request(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"id", "kpic-" + std::to_string(++next_request_)}, {"method", method}, {"params", std::move(params)}});
  }

  // ---- dispatch ----
  // Returns true when the server must stop (`exit`); `code` is then the exit code.
  bool handle(const std::string& body, int& code) {
    json msg;
    try {
      msg = json::parse(body);
    } catch (const json::exception& e) {
      respond_error(nullptr, {kParseError, std::string("invalid JSON: ") + e.what()});
      return false;
    }
    if (!msg.is_object()) {
      respond_error(nullptr, {kInvalidRequest, "a message must be a JSON object"});
      return false;
    }
    json id = msg.contains("id") ? msg["id"] : json();
    bool is_request = msg.contains("id") && (id.is_number_integer() || id.is_string());
    if (!msg.contains("method")) return false;  // a response to one of our requests
    if (!msg["method"].is_string()) {
      respond_error(id.is_null() ? json() : id, {kInvalidRequest, "`method` must be a string"});
      return false;
    }
    std::string method = msg["method"];
    json params = msg.contains("params") ? msg["params"] : json::object();
    if (method == "exit") {
      code = shutdown_ ? 0 : 1;
      return true;
    }
    try {
      if (!is_request) {
        notification(method, params);
        return false;
      }
      if (!initialized_ && method != "initialize") throw RpcError{kServerNotInitialized, "the server is not initialized"};
      if (shutdown_) throw RpcError{kInvalidRequest, "the server is shutting down"};
      respond(id, call(method, params));
    } catch (const RpcError& e) {
      if (is_request) respond_error(id, e);
    } catch (const json::exception& e) {
      if (is_request) respond_error(id, {kInvalidParams, std::string("invalid parameters: ") + e.what()});
    } catch (const std::exception& e) {
      if (is_request) respond_error(id, {kInternalError, e.what()});
    }
    return false;
  }

  json call(const std::string& method, const json& params) {
    if (method == "initialize") return initialize(params);
    if (method == "shutdown") {
      shutdown_ = true;
      stop_lenses();
      return nullptr;
    }
    if (method == "textDocument/hover") return with_view(params, [&](View& v) { return v.hover(pos(params)); });
    if (method == "textDocument/completion")
      return with_view(params, [&](View& v) { return v.completion(pos(params), line_before(params)); });
    if (method == "textDocument/definition") return with_view(params, [&](View& v) { return v.definition(pos(params)); });
    if (method == "textDocument/references") return references(params);
    if (method == "textDocument/prepareRename") return prepare_rename(params);
    if (method == "textDocument/rename") return rename(params);
    if (method == "textDocument/documentSymbol") return with_view(params, [&](View& v) { return v.document_symbols(); });
    if (method == "textDocument/semanticTokens/full") return with_view(params, [&](View& v) { return v.semantic_tokens(); });
    if (method == "textDocument/formatting") return formatting(params);
    if (method == "textDocument/codeAction")
      return with_view(params, [&](View& v) {
        return v.code_actions(position(params.at("range").at("start")), position(params.at("range").at("end")));
      });
    if (method == "textDocument/codeLens") return code_lens(params);
    if (method == "workspace/executeCommand") return execute(params);
    throw RpcError{kMethodNotFound, "unknown method `" + method + "`"};
  }

  void notification(const std::string& method, const json& params) {
    if (!initialized_ && method != "initialized") return;
    if (method == "textDocument/didOpen") {
      const json& td = params.at("textDocument");
      Document& d = open(td.at("uri").get<std::string>());
      d.text = td.at("text").get<std::string>();
      d.version = td.value("version", 0);
      changed(d);
    } else if (method == "textDocument/didChange") {
      auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
      if (it == docs_.end()) return;  // a change of a document never opened: nothing to change
      Document& d = it->second;
      for (const json& ch : params.at("contentChanges")) {
        if (!ch.contains("range")) {
          d.text = ch.at("text").get<std::string>();
          continue;
        }
        LineIndex li(d.text, utf16_);
        uint32_t b = li.offset(position(ch.at("range").at("start"))), e = li.offset(position(ch.at("range").at("end")));
        apply_edit(d.text, b, e, ch.at("text").get<std::string>());
      }
      d.version = params.at("textDocument").value("version", d.version + 1);
      changed(d);
    } else if (method == "textDocument/didClose") {
      std::string uri = params.at("textDocument").at("uri");
      if (auto it = docs_.find(uri); it != docs_.end()) {
        by_path_.erase(normal(it->second.path));
        docs_.erase(it);
        notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
        files_changed(uri_to_path(uri));  // its importers now read it from disk
      }
    } else if (method == "workspace/didChangeWatchedFiles") {
      // A file changed on disk (an import that is not open): re-check the open documents that read it.
      for (const json& ch : params.at("changes")) files_changed(uri_to_path(ch.at("uri").get<std::string>()));
    }
    // initialized, didSave (the buffer is already what is checked), $/cancelRequest, $/setTrace need nothing.
  }

  json initialize(const json& params) {
    if (initialized_) throw RpcError{kInvalidRequest, "initialize was already sent"};
    initialized_ = true;
    std::string encoding = "utf-16";
    if (params.contains("capabilities")) {
      const json& caps = params["capabilities"];
      if (auto g = caps.find("general"); g != caps.end() && g->contains("positionEncodings"))
        for (const json& e : (*g)["positionEncodings"])
          if (e == "utf-8") encoding = "utf-8";
      if (auto w = caps.find("workspace"); w != caps.end() && w->contains("codeLens"))
        lens_refresh_ = (*w)["codeLens"].value("refreshSupport", false);
    }
    utf16_ = encoding == "utf-16";
    json legend = {{"tokenTypes", token_types()}, {"tokenModifiers", token_modifiers()}};
    json caps = {
        {"positionEncoding", encoding},
        {"textDocumentSync", {{"openClose", true}, {"change", 2}}},
        {"hoverProvider", true},
        {"completionProvider", {{"triggerCharacters", json::array({".", "(", "@"})}}},
        {"definitionProvider", true},
        {"referencesProvider", true},
        {"renameProvider", {{"prepareProvider", true}}},
        {"documentSymbolProvider", true},
        {"documentFormattingProvider", true},
        {"semanticTokensProvider", {{"legend", legend}, {"full", true}}},
        {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
        {"codeLensProvider", {{"resolveProvider", false}}},
        {"executeCommandProvider", {{"commands", json::array({"kpic.runMetric"})}}},
    };
    return {{"capabilities", caps}, {"serverInfo", {{"name", "kpic"}, {"version", KPIC_VERSION}}}};
  }

  // ---- documents ----
  static std::string normal(const std::string& path) {
    return std::filesystem::path(path).lexically_normal().string();
  }

  Document& open(const std::string& uri) {
    Document& d = docs_[uri];
    d.uri = uri;
    d.path = uri_to_path(uri);
    by_path_[normal(d.path)] = uri;
    return d;
  }

  // A document's text changed: it and the open documents that read it are analysed after the debounce.
  void changed(Document& d) {
    d.dirty = true;
    files_changed(d.path);
  }

  void files_changed(const std::string& path) {
    std::string key = normal(path);
    for (auto& [uri, other] : docs_)
      if (other.analysis)
        for (const auto& p : other.analysis->loaded_paths)
          if (normal(p) == key) other.dirty = true;
    ++generation_;
    // An edit after a quiet time is analysed at once; edits in quick succession (typing fast, a client
    // sending a burst) wait until none has come for the debounce time, and only the last is analysed.
    auto now = Clock::now();
    auto quiet = std::chrono::milliseconds(opts_.debounce_ms);
    bool burst = now - last_change_ < quiet;
    last_change_ = now;
    std::lock_guard<std::mutex> lock(queue_mu_);
    deadline_ = burst ? now + quiet : now;
  }

  void analyze(Document& d) {
    {
      syntax::ParseCache::Use reuse(parse_cache_);  // statements that did not change are not parsed again
      d.analysis = analyze_document(d.path, d.text, d.version, opts_.schemas, &buffers_);
    }
    d.dirty = false;
    View v(*d.analysis, utf16_, opts_.std_dir);
    notify("textDocument/publishDiagnostics", {{"uri", d.uri}, {"version", d.version}, {"diagnostics", v.diagnostics()}});
  }

  void analyze_dirty() {
    for (auto& [uri, d] : docs_)
      if (d.dirty) analyze(d);
  }

  Document& document(const json& params) {
    std::string uri = params.at("textDocument").at("uri");
    auto it = docs_.find(uri);
    if (it == docs_.end()) throw RpcError{kInvalidParams, "document not open: " + uri};
    if (it->second.dirty) analyze(it->second);
    return it->second;
  }

  template <typename F>
  json with_view(const json& params, F f) {
    Document& d = document(params);
    View v(*d.analysis, utf16_, opts_.std_dir);
    return f(v);
  }

  static Position position(const json& p) { return {p.at("line").get<uint32_t>(), p.at("character").get<uint32_t>()}; }
  static Position pos(const json& params) { return position(params.at("position")); }

  std::string line_before(const json& params) {
    Document& d = document(params);
    LineIndex li(d.text, utf16_);
    Position p = pos(params);
    uint32_t end = li.offset(p), begin = li.offset({p.line, 0});
    return d.text.substr(begin, end - begin);
  }

  // ---- references and rename, across the open documents ----
  // The key under the cursor and the path of the file that defines it.
  std::pair<std::string, std::string> target(const json& params) {
    Document& d = document(params);
    View v(*d.analysis, utf16_, opts_.std_dir);
    const Ref* r = v.ref_at(pos(params));
    if (!r) return {};
    const Ref* def = r->decl ? r : d.analysis->definition(r->key);
    std::string def_path = def ? d.analysis->sm.name(def->file) : "";
    return {r->key, def_path};
  }

  // Every reference to `key` defined in `def_path`, in the open documents that see that definition.
  json all_locations(const std::string& key, const std::string& def_path, bool include_decl) {
    analyze_dirty();
    json out = json::array();
    std::set<std::string> seen;
    for (auto& [uri, d] : docs_) {
      const Analysis& a = *d.analysis;
      const Ref* def = a.definition(key);
      if (!def_path.empty() && (!def || normal(a.sm.name(def->file)) != normal(def_path))) continue;
      View v(a, utf16_, opts_.std_dir);
      for (const json& loc : v.locations(key, include_decl))
        if (seen.insert(loc.dump()).second) out.push_back(loc);
    }
    return out;
  }

  json references(const json& params) {
    auto [key, def_path] = target(params);
    if (key.empty()) return json::array();
    bool decl = params.contains("context") && params["context"].value("includeDeclaration", true);
    return all_locations(key, def_path, decl);
  }

  json prepare_rename(const json& params) {
    Document& d = document(params);
    View v(*d.analysis, utf16_, opts_.std_dir);
    const Ref* r = v.ref_at(pos(params));
    if (!r || (r->kind != SymKind::Metric && r->kind != SymKind::Fn)) throw RpcError{kRequestFailed, "only metrics and templates can be renamed"};
    const Ref* def = r->decl ? r : d.analysis->definition(r->key);
    const sema::ParsedFile* pf = def ? d.analysis->file(def->file) : nullptr;
    if (pf && !pf->module.empty()) throw RpcError{kRequestFailed, "the standard library cannot be renamed"};
    return {{"range", v.range(r->file, r->begin, r->end)}, {"placeholder", r->key.substr(2)}};
  }

  json rename(const json& params) {
    prepare_rename(params);
    std::string name = params.at("newName");
    auto [key, def_path] = target(params);
    if (std::string why = rename_problem(key, name); !why.empty()) throw RpcError{kRequestFailed, why};
    json changes = json::object();
    for (const json& loc : all_locations(key, def_path, true))
      changes[loc["uri"].get<std::string>()].push_back({{"range", loc["range"]}, {"newText", name}});
    return {{"changes", changes}};
  }

  json formatting(const json& params) {
    Document& d = document(params);
    SourceManager sm;
    Diagnostics diags;
    FileId id = sm.add(d.path, d.text);
    auto text = format::format_source(sm, id, diags);
    if (!text || *text == d.text) return json::array();  // a file that does not parse is left alone
    LineIndex li(d.text, utf16_);
    Position end = li.position(static_cast<uint32_t>(d.text.size()));
    return json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", end.line}, {"character", end.character}}}}},
                         {"newText", *text}}});
  }

  // ---- code lenses ----
  json code_lens(const json& params) {
    Document& d = document(params);
    View v(*d.analysis, utf16_, opts_.std_dir);
    const LensValues* values = nullptr;
    {
      std::lock_guard<std::mutex> lock(lens_mu_);
      auto it = lens_done_.find(d.uri);
      if (it != lens_done_.end() && it->second.first == d.version) values = &it->second.second;
      if (!values && opts_.evaluate && !d.analysis->diags.has_errors()) {
        job_ = LensJob{generation_.load(), d.uri, d.path, d.text, d.version, buffers()};
        lens_cv_.notify_one();
      }
      return v.code_lenses(values);  // under the lock: `values` points into lens_done_
    }
  }

  std::map<std::string, std::string> buffers() const {
    std::map<std::string, std::string> out;
    for (const auto& [uri, d] : docs_) out[normal(d.path)] = d.text;
    return out;
  }

  // A reader over a copy of the open buffers (for the lens worker, which must not touch docs_).
  static BufferReader snapshot_reader(std::map<std::string, std::string> copy) {
    return BufferReader([copy = std::move(copy)](const std::string& path) -> std::optional<std::string> {
      if (auto it = copy.find(normal(path)); it != copy.end()) return it->second;
      return std::nullopt;
    });
  }

  void lens_loop() {
    for (;;) {
      LensJob job;
      {
        std::unique_lock<std::mutex> lock(lens_mu_);
        lens_cv_.wait(lock, [&] { return stop_ || job_.has_value(); });
        if (stop_) return;
        job = std::move(*job_);
        job_.reset();
      }
      if (job.generation != generation_) continue;  // the text changed before it started
      LensValues values = opts_.evaluate(job.path, job.text, snapshot_reader(job.buffers));
      if (job.generation != generation_) continue;  // changed while it ran: the values are stale
      {
        std::lock_guard<std::mutex> lock(lens_mu_);
        lens_done_[job.uri] = {job.version, std::move(values)};
      }
      if (lens_refresh_) request("workspace/codeLens/refresh", nullptr);
    }
  }

  void stop_lenses() {
    {
      std::lock_guard<std::mutex> lock(lens_mu_);
      stop_ = true;
    }
    lens_cv_.notify_all();
  }

  json execute(const json& params) {
    std::string command = params.at("command");
    if (command != "kpic.runMetric") throw RpcError{kInvalidParams, "unknown command `" + command + "`"};
    const json& args = params.at("arguments");
    std::string uri = args.at(0), metric = args.at(1);
    auto it = docs_.find(uri);
    if (it == docs_.end()) throw RpcError{kInvalidParams, "document not open: " + uri};
    if (!opts_.evaluate) throw RpcError{kRequestFailed, "this server does not evaluate metrics"};
    Document& d = it->second;
    LensValues values = opts_.evaluate(d.path, d.text, snapshot_reader(buffers()));
    std::string text = !values.ok ? "cannot run `" + metric + "`: " + values.error
                       : values.detail.count(metric) ? values.detail[metric] : "no value for `" + metric + "`";
    notify("window/showMessage", {{"type", values.ok ? 3 : 1}, {"message", text}});
    {
      std::lock_guard<std::mutex> lock(lens_mu_);
      lens_done_[d.uri] = {d.version, values};
    }
    return {{"metric", metric}, {"ok", values.ok}, {"text", text}};
  }

  MessageReader reader_;
  MessageWriter writer_;
  ServerOptions opts_;
  BufferReader buffers_;  // the open documents' text, for the loader (main thread only)
  syntax::ParseCache parse_cache_;  // main thread only
  bool initialized_ = false, shutdown_ = false, utf16_ = true, lens_refresh_ = false;
  std::map<std::string, Document> docs_;          // by URI
  std::map<std::string, std::string> by_path_;    // normalised path -> URI
  int64_t next_request_ = 0;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Incoming> queue_;
  std::optional<Clock::time_point> deadline_;
  Clock::time_point last_change_;

  std::atomic<uint64_t> generation_{0};  // +1 on every text change: lens jobs of older generations are dropped
  std::mutex lens_mu_;
  std::condition_variable lens_cv_;
  std::optional<LensJob> job_;
  bool stop_ = false;
  std::map<std::string, std::pair<int, LensValues>> lens_done_;  // uri -> (version, values)
};

}  // namespace

int serve(int in_fd, int out_fd, const ServerOptions& opts) {
  // Never freed: the input thread may still be blocked reading the pipe when the process ends. Held by
  // a static so that it stays reachable (not a leak for LeakSanitizer).
  static Server* server = nullptr;
  server = new Server(in_fd, out_fd, opts);
  return server->run();
}

}  // namespace kpic::lsp

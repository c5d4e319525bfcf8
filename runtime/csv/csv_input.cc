#include "runtime/csv/csv_input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "runtime/column/table_reader.h"

namespace kpic::csv {

namespace {

DataError open_error(const std::string& path, const std::string& what) {
  return DataError{701, path, what};
}

}  // namespace

CsvInput::CsvInput(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not block: refused below
  if (fd < 0) throw open_error(path, std::string("cannot open data file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw open_error(path, "cannot open data file: not a regular file");
  }
  size_t size = static_cast<size_t>(st.st_size);
  std::string_view raw;
  if (size > 0) {
    map_ = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map_ == MAP_FAILED) {
      map_ = nullptr;
      int err = errno;
      ::close(fd);
      throw open_error(path, std::string("cannot read data file: ") + std::strerror(err));
    }
    map_size_ = size;
    ::madvise(map_, size, MADV_SEQUENTIAL);
    raw = std::string_view(static_cast<const char*>(map_), size);
  }
  ::close(fd);
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f && static_cast<unsigned char>(raw[1]) == 0x8b) {
    owned_ = inflate_gzip(raw, path);
    release();
    gzip_ = true;
    raw = owned_;
  }
  if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") {
    bom_ = true;
    raw.remove_prefix(3);
  }
  text_ = raw;
}

std::string CsvInput::inflate_gzip(std::string_view in, const std::string& path) {
  std::string out;
  out.reserve(in.size() * 4);
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw DataError{704, path, "cannot start gzip decompression"};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(0);
  size_t consumed = 0;
  auto feed = [&] {
    size_t chunk = std::min<size_t>(in.size() - consumed, 1u << 30);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + consumed));
    zs.avail_in = static_cast<uInt>(chunk);
    consumed += chunk;
  };
  feed();
  for (;;) {
    if (out.size() == out.capacity() || out.capacity() - out.size() < 65536) out.reserve(out.capacity() * 2 + 65536);
    size_t before = out.size();
    size_t room = out.capacity() - before;
    out.resize(out.capacity());
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + before);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(room, 1u << 30));
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(before + (std::min<size_t>(room, 1u << 30) - zs.avail_out));
    if (rc == Z_STREAM_END) {
      // Another member may follow (concatenated gzip); trailing zero padding is tolerated.
      size_t pos = consumed - zs.avail_in;
      while (pos < in.size() && in[pos] == '\0') ++pos;
      if (pos >= in.size()) break;
      if (inflateReset(&zs) != Z_OK) break;
      consumed = pos;
      feed();
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && consumed < in.size()) {
      feed();
      continue;
    }
    if (rc != Z_OK) {
      std::string msg = zs.msg ? zs.msg : (rc == Z_BUF_ERROR ? "unexpected end of stream" : "corrupt data");
      inflateEnd(&zs);
      throw DataError{704, path, "corrupt gzip stream: " + msg};
    }
    if (zs.avail_in == 0 && consumed < in.size()) feed();
  }
  inflateEnd(&zs);
  out.shrink_to_fit();
  return out;
}

void CsvInput::release() {
  if (map_) ::munmap(map_, map_size_);
  map_ = nullptr;
  map_size_ = 0;
}

CsvInput::~CsvInput() { release(); }

CsvInput::CsvInput(CsvInput&& o) noexcept { *this = std::move(o); }

CsvInput& CsvInput::operator=(CsvInput&& o) noexcept {
  if (this == &o) return *this;
  release();
  bool owned_text = !o.owned_.empty() && o.text_.data() >= o.owned_.data() &&
                    o.text_.data() <= o.owned_.data() + o.owned_.size();
  size_t off = owned_text ? static_cast<size_t>(o.text_.data() - o.owned_.data()) : 0;
  map_ = o.map_;
  map_size_ = o.map_size_;
  owned_ = std::move(o.owned_);
  text_ = owned_text ? std::string_view(owned_.data() + off, o.text_.size()) : o.text_;
  gzip_ = o.gzip_;
  bom_ = o.bom_;
  o.map_ = nullptr;
  o.map_size_ = 0;
  o.text_ = {};
  return *this;
}

}  // namespace kpic::csv

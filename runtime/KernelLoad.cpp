//===- KernelLoad.cpp - Kernels loaded and checked ------------------------===//
//
// Shared objects opened (their ELF machine and metadata checked before any
// of their code runs) and kernels linked into the program.
//
//===----------------------------------------------------------------------===//

#include "runtime/CpuFeatures.h"
#include "runtime/KernelParts.h"

#include <HalideRuntime.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <unistd.h>

namespace convt {

namespace {

/// Kernels leave the Halide runtime's functions undefined and bind to the
/// copy in this library, so it must be in the global symbol scope before a
/// kernel is opened. It is when the application links it; an application
/// that opened it with RTLD_LOCAL (a Python extension, a plug-in) gets it
/// promoted here.
void exposeHalideRuntime() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&halide_do_par_for), &info) &&
        info.dli_fname)
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  });
}

/// Device memory freed after each GPU call goes back to Halide's pool: the
/// next call's allocations of the same sizes reuse it rather than asking
/// the driver (cuMemAlloc synchronises the device).
void enableDeviceAllocationReuse() {
  static std::once_flag once;
  std::call_once(once, [] { halide_reuse_device_allocations(nullptr, true); });
}

/// ELF machine numbers (e_machine) by name, for messages.
const char *machineName(unsigned machine) {
  switch (machine) {
  case 3:
    return "x86";
  case 62:
    return "x86-64";
  case 40:
    return "ARM";
  case 183:
    return "AArch64";
  case 21:
    return "PowerPC64";
  case 243:
    return "RISC-V";
  }
  return "an unknown machine";
}

#if defined(__x86_64__)
constexpr unsigned kHostMachine = 62;
#elif defined(__aarch64__)
constexpr unsigned kHostMachine = 183;
#elif defined(__i386__)
constexpr unsigned kHostMachine = 3;
#else
constexpr unsigned kHostMachine = 0; // not checked
#endif

/// Reads the ELF header of `path`: a file for another machine is refused
/// with a message before dlopen sees it.
Status checkElfMachine(const std::string &path, const std::string &name) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Status::error(StatusCode::NotFound, "cannot open kernel " + name +
                                                   ": " + std::strerror(errno));
  unsigned char h[20] = {};
  size_t n = std::fread(h, 1, sizeof h, f);
  std::fclose(f);
  if (n < sizeof h || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
    return Status::error(StatusCode::Incompatible,
                         "kernel " + name + " is not an ELF shared object");
  unsigned machine = h[5] == 1 ? h[18] | (h[19] << 8) : (h[18] << 8) | h[19];
  if (kHostMachine && machine != kHostMachine)
    return Status::error(StatusCode::Incompatible,
                         "kernel " + name + " was compiled for " +
                             machineName(machine) + ", this machine is " +
                             machineName(kHostMachine));
  return Status::success();
}

} // namespace

Status Kernel::make(KernelMetadata meta, void *handle, void *entry, void *pack,
                    std::shared_ptr<Kernel> &out) {
  std::string problem = meta.layer.validate();
  if (!problem.empty())
    return Status::error("invalid layer: " + problem);
  problem = targetProblem(meta.target, HostCpu::detect());
  if (!problem.empty())
    return Status::error(StatusCode::Incompatible, problem);
  if (!meta.pack.empty() != (pack != nullptr))
    return Status::error("the kernel's pack function " + meta.pack +
                         " is missing");
  if (!pack && meta.packedWeightShape != meta.layer.weightShape())
    return Status::error("the kernel reads weights of shape " +
                         formatShape(meta.packedWeightShape) +
                         " but has no pack function");
  installHalideHandlers();
  std::shared_ptr<Kernel> k(new Kernel());
  k->handle_ = handle;
  k->entry_ = entry;
  k->pack_ = pack;
  k->device_ = targetDevice(meta.target);
  k->meta_ = std::move(meta);
  if (!k->device_.empty())
    enableDeviceAllocationReuse();
  out = std::move(k);
  return Status::success();
}

Status Kernel::loadFile(const std::string &path, std::shared_ptr<Kernel> &out) {
  return load(path, path, -1, out);
}

Status Kernel::loadDescriptor(int fd, const std::string &name,
                              std::shared_ptr<Kernel> &out) {
  return load("/proc/self/fd/" + std::to_string(fd), name, fd, out);
}

Status Kernel::load(const std::string &path, const std::string &name, int fd,
                    std::shared_ptr<Kernel> &out) {
  if (Status s = checkElfMachine(path, name); !s)
    return s;
  exposeHalideRuntime();
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return Status::error(StatusCode::NotFound,
                         "cannot load kernel " + name + ": " + dlerror());
  auto fail = [&](const std::string &message,
                  StatusCode code = StatusCode::Incompatible) {
    dlclose(h);
    return Status::error(code, "kernel " + name + ": " + message);
  };
  auto *text = static_cast<const char *>(dlsym(h, kMetadataSymbol));
  if (!text)
    return fail("no " + std::string(kMetadataSymbol) +
                " (not a kernel compiled by convt)");
  KernelMetadata meta;
  if (Status s = KernelMetadata::parse(text, meta); !s)
    return fail(s.message());
  void *entry = dlsym(h, meta.entry.c_str());
  if (!entry)
    return fail("no function " + meta.entry);
  void *pack = meta.pack.empty() ? nullptr : dlsym(h, meta.pack.c_str());
  if (Status s = make(std::move(meta), h, entry, pack, out); !s)
    return fail(s.message(), s.code());
  out->fd_ = fd;
  return Status::success();
}

Status Kernel::loadLinked(const char *metadata, void *entry, void *pack,
                          std::shared_ptr<Kernel> &out) {
  if (!metadata || !entry)
    return Status::error("a linked kernel needs its metadata and entry");
  KernelMetadata meta;
  if (Status s = KernelMetadata::parse(metadata, meta); !s)
    return s;
  return make(std::move(meta), nullptr, entry, pack, out);
}

Kernel::~Kernel() {
  if (handle_)
    dlclose(handle_);
  if (fd_ < 0)
    return;
  // dlopen finds a loaded object by the name it was opened under before it
  // looks at the file, so /proc/self/fd/N must not name another file while
  // an object loaded under that name stays mapped (another user of the
  // object, or a library that cannot be unloaded): then the descriptor is
  // kept open for good.
  std::string path = "/proc/self/fd/" + std::to_string(fd_);
  if (void *still = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD)) {
    dlclose(still);
    return;
  }
  ::close(fd_);
}

} // namespace convt

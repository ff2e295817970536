"""One fuzz target: its LLVMFuzzerTestOneInput library and a replay test over its corpus."""

def fuzz_target(name):
    native.cc_library(
        name = name + "_target",
        srcs = ["targets/" + name + ".cc", "targets/fuzz_data.h"],
        deps = [
            "//advisor/apply",
            "//advisor/check",
            "//advisor/config",
            "//advisor/config/yaml",
            "//advisor/data",
            "//advisor/engine",
            "//advisor/live",
            "//advisor/plan",
            "@system//:nlohmann_json",
        ],
        alwayslink = True,
    )
    native.cc_test(
        name = name + "_replay",
        size = "small",
        srcs = ["replay_main.cc"],
        deps = [":" + name + "_target"],
        args = ["fuzz/corpus/" + name, "fuzz/regressions/" + name],
        data = native.glob(["corpus/" + name + "/**", "regressions/" + name + "/**"]) + [
            "//rules",
            "//profiles",
        ],
    )

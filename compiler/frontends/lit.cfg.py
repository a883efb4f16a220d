# lit configuration for each frontend's own tests
# (compiler/frontends/<framework>/test/): tests/lit's, rooted here.
import os

lit_config.load_config(
    config, os.path.join(config.convt_src_root, "tests", "lit", "lit.cfg.py"))
config.name = "convt-frontends"
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.convt_obj_root, "compiler", "frontends")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py"]

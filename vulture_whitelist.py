"""Names that only a framework uses, for vulture (`make test`, [tool.vulture] in pyproject.toml).

vulture reads this file; nothing runs it. `_` stands for the object the framework finds
each name on. Code that nothing calls is dead: delete it instead of listing it here.
Decorated framework hooks (Typer commands, pydantic validators, SQLAlchemy listeners,
pytest fixtures) and pytest hooks are ignored by pattern in pyproject.toml instead.
"""
# ruff: noqa: B018, F821 - bare attributes of an undefined `_` are vulture's whitelist format

# Strategies: found by name through the "accord.strategies" entry points in pyproject.toml.
_.Advised
_.Boulware
_.Conceder
_.Diplomat
_.Hardliner
_.Linear
_.MiCRO
_.Panderer
_.TitForTat

# pydantic fields that accord never reads by attribute: the plan's free text (read by
# section name, plan/schema.py), the ledger export's header (written for readers) and a
# results line's series (checked by tournament/results_format.py, read from the dict).
_.wants
_.pressures
_.trade_offs
_.risks
_.priorities
_.story
_.evidence
_.sequencing
_.structure
_.safeguards
_.our_position
_.their_position
_.present
_.schema_revision
_.exported_at
_.series_stats

# Dataclass fields serialised whole (dataclasses.asdict) into a series' JSON.
_.final_resentment
_.final_trust

# Alembic reads these from every migration script.
_.down_revision
_.branch_labels
_.depends_on
_.downgrade

# SQLAlchemy: a TypeDecorator's hooks; sqlite3 and numpy attributes set for their effect.
_.impl
_.cache_ok
_.process_bind_param
_.process_result_value
_.isolation_level
_.writeable

# negmas: the wrapped negotiator's hooks and the mechanism state accord keeps up to date
# when it drives a negmas negotiator (interop/negmas/in_accord.py).
_.eval
_.propose
_.running
_._start_time
_.current_data
_.last_negotiator
_._current_proposer_agent
_.new_offerer_agents
_._last_checked_negotiator

# Python: a module's __getattr__ and __dir__ (PEP 562); pexpect: where a child's output is copied.
_.__getattr__
_.__dir__
_.logfile_read

# typer reads a command's __annotations__ (resolved once in cli/common.py friendly_errors).
_.__annotations__

# rich: a render hook's method and the Text attribute it sets (cli/wrapping.py); Jinja2: a
# page table's headers, read by the template (export/templates/report.html).
_.process_renderables
_.overflow
_.headers

# html.parser.HTMLParser calls these on a subclass (tests/web/test_plans.py reads a page's form).
_.handle_starttag
_.handle_endtag
_.handle_data

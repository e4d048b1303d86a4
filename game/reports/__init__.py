"""What leaves salessim for managers and learning platforms: the HTML and CSV reports
(build: what a report says, from the records store; html, tables: how it is written) and
xAPI statements. Reports read the store and session records; never the engine's live state."""

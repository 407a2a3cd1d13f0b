"""Course tools: the lesson catalogue, workshop agendas, student and instructor
copies, handouts, hub links, the instructor guide and the ``upstream`` command.

Nothing else in the package imports this layer; the book's instructor pages
and the command line use it.
"""

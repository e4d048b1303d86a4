"""The pygame-ce game: the only package that imports pygame.

Screens draw what the engine's ``Session`` hands out and forward the trainee's input to it;
they hold no rules of their own. Start it with ``game.ui.app.run_app`` (``salessim play``).
"""

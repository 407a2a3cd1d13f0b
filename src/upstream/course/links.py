"""Links that open the lesson notebooks live, on a JupyterHub or on Binder.

- :func:`nbgitpuller_link`: a JupyterHub link that first pulls (or updates) the
  repository into the learner's home folder with nbgitpuller, then opens the
  notebook in JupyterLab. The hub needs nbgitpuller installed.
- :func:`binder_link`: a mybinder.org link (``/v2/gh/<owner>/<repo>/<branch>``)
  that builds the repository's environment and opens the notebook in JupyterLab.

No repository URL is built in: pass the one you teach from.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from .lessons import Lesson

__all__ = ["binder_link", "check_branch", "check_url", "github_owner_repo", "nbgitpuller_link"]


def check_url(name: str, url) -> str:
    """``url`` without a trailing slash if it is an http(s) URL with a host; ``ValueError`` otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{name} must be an http(s) URL; got {url!r}")
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url.strip()):
        raise ValueError(f"{name} must be an http(s) URL such as https://example.org; got {url!r}")
    return url.strip().rstrip("/")


def check_branch(branch) -> str:
    """A git branch name; ``ValueError`` for empty or unsafe names."""
    if (
        not isinstance(branch, str)
        or not re.fullmatch(r"[A-Za-z0-9._/-]+", branch)
        or ".." in branch
        or branch.startswith(("/", "-"))
        or branch.endswith("/")
    ):
        raise ValueError(f"branch must be a git branch name such as main; got {branch!r}")
    return branch


def github_owner_repo(repo_url: str) -> tuple[str, str]:
    """``(owner, name)`` of a GitHub repository URL; ``ValueError`` for other URLs."""
    url = check_url("repo", repo_url)
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s]
    if parts.netloc.lower() not in {"github.com", "www.github.com"} or len(segs) != 2:
        raise ValueError(
            f"repo must be a GitHub repository URL such as https://github.com/OWNER/REPO for Binder; got {repo_url!r}"
        )
    owner, name = segs
    return owner, name.removesuffix(".git")


def _repo_dir(repo_url: str) -> str:
    """The folder nbgitpuller clones into by default: the repository's name."""
    name = [s for s in urlsplit(repo_url).path.split("/") if s]
    if not name:
        raise ValueError(f"repo URL has no repository name in its path: {repo_url!r}")
    return name[-1].removesuffix(".git")


def nbgitpuller_link(hub_url: str, repo_url: str, branch: str, lesson: Lesson) -> str:
    """A JupyterHub nbgitpuller link that opens ``lesson`` in JupyterLab.

    Parameters
    ----------
    hub_url : the hub's address, e.g. ``https://hub.example.edu``.
    repo_url : the git repository holding the notebooks (any host).
    branch : the branch to pull, e.g. ``main``.
    lesson : the lesson to open.
    """
    hub = check_url("hub", hub_url)
    repo = check_url("repo", repo_url)
    branch = check_branch(branch)
    urlpath = f"lab/tree/{_repo_dir(repo)}/{lesson.path}"
    query = urlencode({"repo": repo, "urlpath": urlpath, "branch": branch}, quote_via=quote, safe="")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def binder_link(repo_url: str, branch: str, lesson: Lesson, binder_url: str = "https://mybinder.org") -> str:
    """A Binder link (``/v2/gh/OWNER/REPO/BRANCH``) that opens ``lesson`` in JupyterLab."""
    owner, name = github_owner_repo(repo_url)
    branch = check_branch(branch)
    base = check_url("binder", binder_url)
    urlpath = quote(f"lab/tree/{lesson.path}", safe="")
    return f"{base}/v2/gh/{quote(owner)}/{quote(name)}/{quote(branch, safe='')}?urlpath={urlpath}"

"""The lesson's general gradient formulas in one index notation, shared by the derivation, the scenes and the lecture.

Output positions are (i, j), kernel entries w_mn, input entries a_pq; all indices start at 0.
"""

__all__ = ["GRADIENT_FORMULAS"]

# name -> (left-hand side, right-hand side), LaTeX
GRADIENT_FORMULAS: dict[str, tuple[str, str]] = {
    "delta": (r"\delta_{ij} = \frac{\partial L}{\partial z_{ij}}", r"(\hat y - y) \cdot v_{ij} \cdot \sigma'(z_{ij})"),
    "kernel": (r"\frac{\partial L}{\partial w_{mn}}", r"\sum_{i=0}^{M-1} \sum_{j=0}^{M-1} \delta_{ij} \cdot a_{i+m,j+n}"),
    "input": (
        r"\frac{\partial L}{\partial a_{pq}}",
        r"\sum_{\text{windows } (i,j) \text{ covering } (p,q)} \delta_{ij} \cdot w_{p-i,q-j}",
    ),
}

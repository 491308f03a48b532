module stress

go 1.15
